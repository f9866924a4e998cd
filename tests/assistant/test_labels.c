/* test_labels.c -- translated names of tiers, categories and keys
 * (assistant/labels.h): slugs are never shown raw in Chinese, "shipping" as a
 * category is not the rubric section's 发货, and unknown slugs pass through. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "labels.h"

static void t_english_and_unknown(void **state)
{
    (void)state;
    i18n_init("en");
    assert_string_equal(label_tier("basic"), "basic");
    assert_string_equal(label_category("after-sales"), "after-sales");
    assert_string_equal(label_key("space"), "Space");      /* as in the docs */
    assert_string_equal(label_key("enter"), "Enter");
    assert_string_equal(label_key("Enter"), "Enter");      /* the config takes any case */
    assert_string_equal(label_key("esc"), "Escape");
    assert_string_equal(label_key("F1"), "F1");
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


/* Plural forms through n_(): "1 scenario", never "1 scenarios" (a screen
 * reader reads it as written); Chinese has one form. */
static void t_plural(void **state)
{
    (void)state;
    const char *one = "%s: tier %s; %zu scenario, average %d; weakest: %s; last practice %s.";
    const char *many = "%s: tier %s; %zu scenarios, average %d; weakest: %s; last practice %s.";
    char buf[256];
    i18n_init("en");
    snprintf(buf, sizeof buf, n_(one, many, 1), "amy", "basic", (size_t)1, 0, "-", "-");
    assert_non_null(strstr(buf, "1 scenario,"));
    snprintf(buf, sizeof buf, n_(one, many, 2), "amy", "basic", (size_t)2, 0, "-", "-");
    assert_non_null(strstr(buf, "2 scenarios,"));
    snprintf(buf, sizeof buf, n_(one, many, 0), "amy", "basic", (size_t)0, 0, "-", "-");
    assert_non_null(strstr(buf, "0 scenarios,"));
    i18n_init("zh");
    if (strcmp(_("basic"), "basic") != 0) {     /* the catalogue is built */
        snprintf(buf, sizeof buf, n_(one, many, 1), "amy", "初级", (size_t)1, 0, "-", "-");
        assert_string_equal(buf, "amy：等级 初级；1 个场景，平均 0 分；最薄弱：-；最近练习 -。");
        snprintf(buf, sizeof buf, n_("Streaks: %d passed in a row (best %d); %d day in a row.",
                                     "Streaks: %d passed in a row (best %d); %d days in a row.",
                                     3), 1, 2, 3);
        assert_string_equal(buf, "连续记录：连续通过 1 个（最好 2 个）；连续练习 3 天。");
    }
    i18n_init("en");
}

/* Dates as heard: 11月29日 14:05 in Chinese (not ISO, which a screen reader
 * reads digit by digit or as a subtraction), the year only when it is not
 * this year's; English keeps ISO. */
static void t_dates(void **state)
{
    (void)state;
    char buf[64];
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    setenv("KEFU_NOW", "2026-11-29T15:00:00+08:00", 1);
    int64_t t = 1795932300;           /* 2026-11-29 14:05 in Shanghai */
    int64_t last_year = 1740895200;   /* 2025-03-02 14:00 in Shanghai */
    i18n_init("zh");
    i18n_date(t, buf, sizeof buf);
    assert_string_equal(buf, "11月29日");
    i18n_date_time(t, buf, sizeof buf);
    assert_string_equal(buf, "11月29日 14:05");
    i18n_date(last_year, buf, sizeof buf);
    assert_string_equal(buf, "2025年3月2日");
    i18n_date_time(t, buf, 6);        /* cut short: still a string */
    assert_true(strlen(buf) < 6);
    i18n_init("en");
    i18n_date(t, buf, sizeof buf);
    assert_string_equal(buf, "2026-11-29");
    i18n_date_time(t, buf, sizeof buf);
    assert_string_equal(buf, "2026-11-29 14:05");
    unsetenv("KEFU_NOW");
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_english_and_unknown),
    cmocka_unit_test(t_chinese),
    cmocka_unit_test(t_plural),
    cmocka_unit_test(t_dates),
};
KEFU_TEST_GROUP(assistant_labels, tests, NULL, NULL)
