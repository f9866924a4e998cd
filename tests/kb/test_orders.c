/* test_orders.c -- practice orders: TSV loading (errors with FILE:LINE:COL,
 * all or nothing), look-up by normalised number, closest number, events
 * newest first, placeholder values. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "kb_orders.h"

static const char orders_tsv[] =
    "# practice orders\n"
    "id\tstatus\titem\titem_en\tqty\tamount\tpayment\tcourier\ttracking\tplaced\tpaid\t"
    "shipped\tdelivered\tbuyer\tphone\tprovince\tcity\taddress\trural\teta\n"
    "TB20260301001\tin_transit\t陶瓷马克杯\tceramic mug\t2\t59.80\talipay\t中通快递\t"
    "7354001\t2026-03-01T10:00:00+08:00\t2026-03-01T10:01:00+08:00\t"
    "2026-03-02T09:00:00+08:00\t\t王小明\t138****0000\t浙江省\t杭州市\t西湖区文三路1号\t0\t"
    "2026-03-04\n"
    "TB20260302007\tdelivered\t羽绒服\tdown jacket\t1\t399.00\twechat\t邮政快递包裹\t"
    "9895001\t2026-03-02T08:00:00+08:00\t\t\t\t李四\t139****1111\t甘肃省\t定西市\t"
    "岷县某村3组\t1\t2026-03-09\n"
    "TB20260303003\tawaiting_payment\t保温杯\t\t1\t89.00\t\t\t\t"
    "2026-03-03T08:00:00+08:00\t\t\t\t赵六\t\t\t\t\t0\t\n";

static const char events_tsv[] =
    "order_id\ttime\tevent\tevent_en\n"
    "TB20260301001\t2026-03-01T10:00:00+08:00\t买家下单\tOrder placed\n"
    "TB20260301001\t2026-03-02T09:00:00+08:00\t已发货\tShipped\n"
    "TB20260301001\t2026-03-03T07:30:00+08:00\t到达杭州转运中心\tArrived at Hangzhou hub\n"
    "TB20260302007\t2026-03-02T08:00:00+08:00\t买家下单\t\n";

static int setup(void **state)
{
    kb_t *kb = NULL;
    assert_int_equal(kb_open(&kb, ":memory:", KB_OPEN_CREATE), KB_OK);
    int rc = kb_orders_load_tsv(kb, "orders.tsv", orders_tsv, strlen(orders_tsv),
                                "order_events.tsv", events_tsv, strlen(events_tsv));
    if (rc != KB_OK)
        fail_msg("%s", kb_errmsg(kb));
    *state = kb;
    return 0;
}

static int teardown(void **state)
{
    kb_close(*state);
    return 0;
}

static void t_lookup_normalised(void **state)
{
    kb_t *kb = *state;
    static const char *const forms[] = {
        "TB20260301001", "tb20260301001", "ＴＢ２０２６０３０１００１",
        "TB 2026 0301 001", " tb-20260301-001 ",
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        kb_order *o = NULL;
        int rc = kb_order_get(kb, forms[i], &o);
        if (rc != KB_OK)
            fail_msg("'%s': %s", forms[i], kb_errmsg(kb));
        assert_string_equal(o->id, "TB20260301001");
        kb_order_free(o);
    }
}

static void t_fields_and_events(void **state)
{
    kb_t *kb = *state;
    kb_order *o = NULL;
    assert_int_equal(kb_order_get(kb, "TB20260301001", &o), KB_OK);
    assert_string_equal(o->status, "in_transit");
    assert_string_equal(o->item, "陶瓷马克杯");
    assert_int_equal(o->qty, 2);
    assert_false(o->rural);
    assert_null(o->delivered);          /* empty field -> NULL */
    assert_int_equal(o->n_events, 3);
    assert_string_equal(o->events[0].event, "到达杭州转运中心");   /* newest first */
    assert_string_equal(o->events[2].event_en, "Order placed");
    char buf[16];
    assert_string_equal(kb_order_field(o, "order.item", false, buf, sizeof buf), "陶瓷马克杯");
    assert_string_equal(kb_order_field(o, "order.item", true, buf, sizeof buf), "ceramic mug");
    assert_string_equal(kb_order_field(o, "order.qty", false, buf, sizeof buf), "2");
    assert_string_equal(kb_order_field(o, "order.courier", false, buf, sizeof buf), "中通快递");
    assert_null(kb_order_field(o, "order.nope", false, buf, sizeof buf));
    kb_order_free(o);

    assert_int_equal(kb_order_get(kb, "TB20260302007", &o), KB_OK);
    assert_true(o->rural);
    assert_int_equal(o->n_events, 1);
    assert_null(o->events[0].event_en);
    kb_order_free(o);
    assert_int_equal(kb_order_get(kb, "TB20260303003", &o), KB_OK);
    assert_null(o->item_en);
    assert_int_equal(o->n_events, 0);
    kb_order_free(o);
}

static void t_unknown_and_closest(void **state)
{
    kb_t *kb = *state;
    kb_order *o = NULL;
    assert_int_equal(kb_order_get(kb, "TB20260301009", &o), KB_NOTFOUND);
    assert_null(o);
    assert_non_null(strstr(kb_errmsg(kb), "TB20260301009"));
    char *best = NULL;
    assert_int_equal(kb_order_closest(kb, "TB20260301009", &best), KB_OK);
    assert_string_equal(best, "TB20260301001");
    free(best);
    assert_int_equal(kb_order_closest(kb, "tb2026 0302 00", &best), KB_OK);
    assert_string_equal(best, "TB20260302007");
    free(best);
    assert_int_equal(kb_order_get(kb, "", &o), KB_NOTFOUND);
    size_t n = 0;
    assert_int_equal(kb_order_count(kb, &n), KB_OK);
    assert_int_equal(n, 3);
}

/* Bad files: every problem with FILE:LINE:COL, and the orders already in
 * the database stay as they were. */
static void t_bad_tsv(void **state)
{
    kb_t *kb = *state;
    static const char bad_orders[] =
        "id\tstatus\titem\tqty\n"
        "# a comment\n"
        "TB1\tlost\t杯子\t1\n"
        "TB2\tdelivered\t杯子\ttwo\n"
        "TB2\tdelivered\t杯子\t1\n"
        "TB2\tdelivered\t杯子\t1\n";
    int rc = kb_orders_load_tsv(kb, "orders.tsv", bad_orders, strlen(bad_orders),
                                "order_events.tsv", "order_id\ttime\tevent\n", 21);
    assert_int_equal(rc, KB_INVALID);
    const char *msg = kb_errmsg(kb);
    assert_non_null(strstr(msg, "orders.tsv:3:5: error: unknown status \"lost\""));
    assert_non_null(strstr(msg, "orders.tsv:4:18: error: qty must be a whole number"));
    assert_non_null(strstr(msg, "orders.tsv:6:1: error: order TB2 appears twice"));
    size_t n = 0;
    assert_int_equal(kb_order_count(kb, &n), KB_OK);
    assert_int_equal(n, 3);

    static const char bad_events[] =
        "order_id\ttime\tevent\n"
        "TB20260301001\t2026-03-01T10:00:00+08:00\t下单\n"
        "TB404\t2026-03-01T10:00:00+08:00\t下单\n";
    rc = kb_orders_load_tsv(kb, "orders.tsv", orders_tsv, strlen(orders_tsv),
                            "order_events.tsv", bad_events, strlen(bad_events));
    assert_int_equal(rc, KB_INVALID);
    assert_non_null(strstr(kb_errmsg(kb), "order_events.tsv:3:1: error: no order TB404"));

    rc = kb_orders_load_tsv(kb, "orders.tsv", "id\titem\n", 8, "e.tsv", "", 0);
    assert_int_equal(rc, KB_INVALID);
    assert_non_null(strstr(kb_errmsg(kb), "orders.tsv:1:1: error: the header has no column \"status\""));
    kb_order *o = NULL;
    assert_int_equal(kb_order_get(kb, "TB20260301001", &o), KB_OK);
    assert_int_equal(o->n_events, 3);
    kb_order_free(o);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_lookup_normalised),
    cmocka_unit_test(t_fields_and_events),
    cmocka_unit_test(t_unknown_and_closest),
    cmocka_unit_test(t_bad_tsv),
};
KEFU_TEST_GROUP(kb_orders, tests, setup, teardown)
