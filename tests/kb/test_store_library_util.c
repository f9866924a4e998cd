/* test_store_library_util.c -- fixture shared by the kb store tests. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "kb_scenario.h"
#include "test_store_library_util.h"

const char kbt_library_text[] =
    "phrases: sorry = 抱歉 | 不好意思 | sorry\n"
    "\n"
    "scenario: damaged-item\n"
    "tier: intermediate\n"
    "category: after-sales\n"
    "title: 收到商品破损\n"
    "title@en: Item arrived damaged\n"
    "order: TB20260301001\n"
    "brief: 买家收到破损商品。\n"
    "brief@en: The buyer got a broken item.\n"
    "customer: 亲，我买的杯子收到是坏的，怎么办？\n"
    "customer@en: Hi, the cup I bought arrived broken. What can I do?\n"
    "or: 东西摔碎了，你们怎么包装的？\n"
    "or@en: It's smashed. How did you even pack it?\n"
    "expect 50 empathy: $sorry\n"
    "expect 50 resolve: 退款 | 补发 | refund\n"
    "forbid: 不关我的事\n"
    "answer: 亲，非常抱歉！我马上为您安排补发或退款。\n"
    "answer@en: So sorry! I'll arrange a replacement or a refund.\n"
    "\n"
    "scenario: order-status\n"
    "tier: basic\n"
    "category: logistics\n"
    "title: 查询订单物流\n"
    "title@en: Where is my order\n"
    "customer: 我的快递到哪了？三天了还没动静\n"
    "customer@en: Where is my parcel? No update for three days\n"
    "or: 物流怎么一直不更新\n"
    "expect 100 verify: 订单号 | order number\n"
    "answer: 亲，麻烦提供一下订单号，我帮您查询物流。\n"
    "answer@en: Could you give me your order number? I'll check the tracking.\n"
    "\n"
    "scenario: invoice-request\n"
    "tier: basic\n"
    "category: invoice\n"
    "title: 申请开发票\n"
    "title@en: Asking for an invoice\n"
    "customer: 能开发票吗？要公司抬头的\n"
    "customer@en: Can I get an invoice with my company name on it?\n"
    "expect 100 resolve: 发票 | invoice\n"
    "answer: 可以的，请提供公司抬头和税号。\n"
    "answer@en: Sure, please send the company name and tax number.\n"
    "\n"
    "scenario: escalate-supervisor\n"
    "tier: advanced\n"
    "category: escalation\n"
    "title: 要求找主管\n"
    "title@en: Customer demands a supervisor\n"
    "customer: 叫你们主管来跟我说！\n"
    "customer@en: Get me your supervisor now!\n"
    "expect 100 calm: 理解 | understand\n"
    "answer: 非常理解您的心情，我这就为您联系主管。\n"
    "answer@en: I understand; I'll get my supervisor for you.\n"
    "\n"
    "policy: policy-7day-return\n"
    "category: returns\n"
    "title: 七天无理由退货\n"
    "title@en: 7-day no-reason returns\n"
    "text: 签收后七天内，商品完好可无理由退货。\n"
    "text@en: Within 7 days of delivery, unused items can be returned for any reason.\n";

kb_library *kbt_parse(const char *name, const char *text)
{
    kb_library *lib = NULL;
    kb_diags d;
    kb_diags_init(&d);
    assert_int_equal(kb_library_new(&lib), KB_OK);
    assert_int_equal(kb_parse_buffer(lib, name, text, strlen(text), &d), KB_OK);
    int rc = kb_library_finish(lib, &d);
    for (size_t i = 0; i < d.count; i++) {
        if (d.items[i].severity == KB_DIAG_ERROR) {
            char *s = kb_diag_format(&d.items[i]);
            print_error("fixture: %s\n", s ? s : "?");
            free(s);
        }
    }
    assert_int_equal(rc, KB_OK);
    assert_int_equal(d.errors, 0);
    kb_diags_free(&d);
    return lib;
}

kb_t *kbt_open_with_library(void)
{
    kb_t *kb = NULL;
    assert_int_equal(kb_open(&kb, ":memory:", KB_OPEN_CREATE), KB_OK);
    kb_library *lib = kbt_parse("fixture.kefu", kbt_library_text);
    assert_int_equal(kb_lib_install(kb, lib, KB_ORIGIN_BUILTIN, NULL), KB_OK);
    kb_library_free(lib);
    return kb;
}
