/* test_labels.c -- translated names of tiers, categories and keys
 * (assistant/labels.h): slugs are never shown raw in Chinese, "shipping" as a
 * category is not the rubric section's 发货, and unknown slugs pass through. */
#include "harness.h"

#include <string.h>

#include "i18n.h"
#include "labels.h"

static void t_english_and_unknown(void **state)
{
    (void)state;
    i18n_init("en");
    assert_string_equal(label_tier("basic"), "basic");
    assert_string_equal(label_category("after-sales"), "after-sales");
    assert_string_equal(label_key("space"), "space");
    assert_string_equal(label_key("`"), "backquote `");      /* named, not bare */
    const char *odd = "made-up-category";
    assert_ptr_equal(label_category(odd), odd);
    assert_ptr_equal(label_tier(odd), odd);
    assert_string_equal(label_key("r"), "r");
    assert_string_equal(label_category(NULL), "");
    assert_string_equal(label_tier(NULL), "");
}

static void t_chinese(void **state)
{
    (void)state;
    i18n_init("zh");
    if (strcmp(_("basic"), "basic") == 0) {     /* no catalogue in this build */
        i18n_init("en");
        skip();
    }
    assert_string_equal(label_tier("basic"), "初级");
    assert_string_equal(label_tier("advanced"), "高级");
    assert_string_equal(label_category("after-sales"), "售后");
    assert_string_equal(label_category("shipping"), "物流");   /* the category */
    assert_string_equal(_("shipping"), "发货");                 /* the section */
    assert_string_equal(label_category("quality-review"), "质检");
    assert_string_equal(label_key("space"), "空格键");
    assert_string_equal(label_key("enter"), "回车键");
    i18n_init("en");
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_english_and_unknown),
    cmocka_unit_test(t_chinese),
};
KEFU_TEST_GROUP(assistant_labels, tests, NULL, NULL)
