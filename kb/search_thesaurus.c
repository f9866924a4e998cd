/* search_thesaurus.c -- words that mean the same thing in online-shop
 * customer service, in Chinese and English, for query expansion.
 *
 * Buyers say "package", the library says "parcel"; they type "refund" in a
 * Chinese sentence, the scenario says 退款. bm25 cannot know these are one
 * thing, so a query that uses one word of a group is also searched with the
 * others (as phrases). The groups are general shop vocabulary (orders,
 * delivery, after-sales, payment, escalation), not tuned to particular
 * questions; docs/search.md shows what expansion gains on the evaluation
 * set. Terms are written already normalised (Simplified, lower case).
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "search_int.h"
#include "textnorm.h"

static const char *const groups[][12] = {
    {"订单", "order", NULL},
    {"包裹", "快递", "parcel", "package", "delivery", NULL},
    {"快递公司", "物流公司", "快递员", "courier", "delivery company", "shipping company", NULL},
    {"物流", "运单", "tracking", "logistics", NULL},
    {"到哪", "在哪", "查询", "where", "track", NULL},
    {"发货", "寄出", "ship", "dispatch", "shipping", NULL},
    {"运费", "邮费", "postage", "shipping fee", "shipping cost", "return shipping", NULL},
    {"签收", "送达", "delivered", NULL},
    {"没收到", "收不到", "找不到", "丢件", "丢了", "missing", "lost", "never got", NULL},
    {"延迟", "慢", "还没到", "还没来", "迟到", "late", "delay", "overdue", NULL},
    {"退款", "退钱", "钱呢", "refund", "money back", NULL},
    {"退货", "退回", "寄回", "return", "send back", NULL},
    {"换货", "换一", "换成", "exchange", "swap", NULL},
    {"尺码", "尺寸", "大小", "码数", "size", NULL},
    {"发票", "收据", "专票", "invoice", "receipt", "fapiao", NULL},
    {"优惠券", "券", "coupon", "voucher", "promo code", NULL},
    {"便宜", "优惠", "打折", "少点", "讲价", "cheaper", "discount", "bargain", NULL},
    {"降价", "差价", "价保", "price drop", "price protection", NULL},
    {"付款", "支付", "付不了", "payment", "pay", NULL},
    {"积分", "会员", "points", "loyalty", "member", NULL},
    {"保修", "质保", "warranty", "guarantee", NULL},
    {"破损", "坏了", "碎了", "摔坏", "broken", "damaged", "smashed", "cracked", NULL},
    {"质量", "做工", "quality", "defect", "faulty", NULL},
    {"发错", "错了", "wrong item", "wrong one", NULL},
    {"配件", "少了", "缺少", "漏发", "missing part", "accessory", NULL},
    {"地址", "收货地址", "address", NULL},
    {"取消", "不要了", "cancel", NULL},
    {"库存", "有货", "现货", "缺货", "in stock", "out of stock", "stock", NULL},
    {"材质", "面料", "成分", "material", "fabric", "made of", NULL},
    {"主管", "领导", "经理", "上级", "supervisor", "manager", NULL},
    {"投诉", "不满", "complain", "complaint", NULL},
    {"差评", "bad review", "negative review", NULL},
    {"起诉", "律师", "法院", "告你们", "12315", "消协", "sue", "lawyer", "court", "legal", NULL},
    {"假货", "正品", "仿", "fake", "counterfeit", "genuine", NULL},
    {"骂", "脏话", "辱骂", "侮辱", "insult", "abuse", "swear", "rude", NULL},
    {"隐私", "个人信息", "手机号", "privacy", "personal data", "phone number", NULL},
    {"骗子", "冒充", "诈骗", "scam", "impersonate", "fraud", NULL},
    {"过敏", "allergic", "allergy", "rash", NULL},
    {"农村", "乡镇", "偏远", "rural", "remote", "village", NULL},
    {"批量", "采购", "大量", "团购", "bulk", "wholesale", NULL},
    {"你好", "您好", "在吗", "有人吗", "hello", "anybody there", NULL},
    {"重复扣款", "扣了两次", "charged twice", "double charge", NULL},
    {"系统", "故障", "崩了", "outage", "system down", NULL},
    {"交接", "交班", "handover", "hand over", "shift", NULL},
    {"新人", "新同事", "带新人", "newcomer", "new colleague", "mentor", NULL},
};
enum { N_GROUPS = sizeof groups / sizeof groups[0] };

/* A set of tokens (a small sorted-free array: queries are short). */
struct tokset {
    char **v;
    size_t n, cap;
};

static void tokset_add(void *arg, const char *tok, size_t n)
{
    struct tokset *s = arg;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        char **v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return;
        s->v = v;
        s->cap = cap;
    }
    char *t = malloc(n + 1);
    if (!t)
        return;
    memcpy(t, tok, n);
    t[n] = '\0';
    s->v[s->n++] = t;
}

static bool tokset_has(const struct tokset *s, const char *t)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i], t))
            return true;
    return false;
}

static void tokset_free(struct tokset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* The tokens of every term, made once per process (tokenising ~250 terms
 * costs about a millisecond; a query should not pay it each time). */
static struct tokset term_toks[N_GROUPS][12];
/* Each term as a normalised query reads (换一 -> 换1): kb_search looks the
 * pieces' tokens up in lib_df to prune a large library's query, so a piece
 * must already be in the form FTS5 will tokenise, or its cost is misjudged
 * ("换一" as one rare bigram instead of 换 + 1, two of the commonest tokens:
 * 70,000 postings scored at 100,000 entries). NULL: use the term as written. */
static char *term_norm[N_GROUPS][12];
static pthread_once_t terms_once = PTHREAD_ONCE_INIT;

/* The terms are written normalised but for numerals (换一), so only that
 * step runs here: the full normalisation of ~250 terms (NFKC, OpenCC) was
 * a millisecond of every `kefu kb search`, whose whole budget is 20 ms.
 * kb_thesaurus_unnormalised() checks the assumption (test_search.c). */
static const int term_flags = KB_NORM_NUMERALS;

static void terms_init(void)
{
    for (size_t g = 0; g < N_GROUPS; g++)
        for (size_t i = 0; groups[g][i]; i++) {
            if (kb_normalize(groups[g][i], strlen(groups[g][i]), term_flags,
                             &term_norm[g][i]) != KB_OK)
                term_norm[g][i] = NULL;
            const char *t = term_norm[g][i] ? term_norm[g][i] : groups[g][i];
            kb_tokenize_normalised(t, strlen(t), true, tokset_add, &term_toks[g][i]);
        }
}

size_t kb_thesaurus_unnormalised(void)
{
    size_t bad = 0;
    for (size_t g = 0; g < N_GROUPS; g++)
        for (size_t i = 0; groups[g][i]; i++) {
            char *full = NULL, *cheap = NULL;
            const char *t = groups[g][i];
            if (kb_normalize(t, strlen(t), KB_NORM_NFKC | KB_NORM_CASEFOLD | KB_NORM_T2S |
                             KB_NORM_NUMERALS, &full) != KB_OK ||
                kb_normalize(t, strlen(t), term_flags, &cheap) != KB_OK ||
                strcmp(full, cheap) != 0)
                bad++;
            free(full);
            free(cheap);
        }
    return bad;
}

/* A term is in the query when all of its tokens are (stems for English,
 * bigrams for Chinese; a one-character term needs its unigram). */
static bool term_in(const struct tokset *query, const struct tokset *t)
{
    bool all = t->n > 0;
    for (size_t i = 0; i < t->n && all; i++)
        all = tokset_has(query, t->v[i]);
    return all;
}

int kb_thesaurus_expand_groups(const char *norm, kb_group_fn fn, void *arg)
{
    struct tokset q = {0};
    pthread_once(&terms_once, terms_init);
    int rc = kb_tokenize_normalised(norm, strlen(norm), false, tokset_add, &q);
    if (rc != KB_OK)
        return rc;
    for (size_t g = 0; g < N_GROUPS; g++) {
        bool hit = false;
        for (size_t i = 0; groups[g][i] && !hit; i++)
            hit = term_in(&q, &term_toks[g][i]);
        if (!hit)
            continue;
        for (size_t i = 0; groups[g][i]; i++) {
            const char *t = term_norm[g][i] ? term_norm[g][i] : groups[g][i];
            fn(arg, t, strlen(t), (int)g);
        }
    }
    tokset_free(&q);
    return KB_OK;
}

struct plain {
    kb_token_fn fn;
    void *arg;
};

static void drop_group(void *arg, const char *tok, size_t n, int group)
{
    (void)group;
    struct plain *p = arg;
    p->fn(p->arg, tok, n);
}

int kb_thesaurus_expand(const char *norm, kb_token_fn fn, void *arg)
{
    struct plain p = {fn, arg};
    return kb_thesaurus_expand_groups(norm, drop_group, &p);
}
