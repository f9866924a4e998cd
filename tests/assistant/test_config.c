/* test_config.c -- settings file errors with line numbers, layering,
 * durations; the path rules; the clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "clock.h"
#include "config.h"
#include "paths.h"

struct capture {
    char *obuf, *ebuf;
    size_t olen, elen;
    FILE *o, *e;
    a11y_out_t *out;
};

static void cap_open(struct capture *c)
{
    memset(c, 0, sizeof *c);
    c->o = open_memstream(&c->obuf, &c->olen);
    c->e = open_memstream(&c->ebuf, &c->elen);
    struct a11y_out_options opts = {.color = 0, .verbosity = 2};
    assert_int_equal(a11y_out_new(&c->out, c->o, c->e, &opts), 0);
}

static void cap_close(struct capture *c)
{
    a11y_out_free(c->out);
    fclose(c->o);
    fclose(c->e);
    free(c->obuf);
    free(c->ebuf);
}

static char *write_ini(const char *dir, const char *text)
{
    size_t n = strlen(dir) + 16;
    char *p = malloc(n);
    snprintf(p, n, "%s/c.ini", dir);
    assert_int_equal(kefu_test_write_file(p, text, strlen(text)), 0);
    return p;
}

static void t_defaults(void **state)
{
    (void)state;
    struct capture c;
    cap_open(&c);
    struct kefu_config *cfg = NULL;
    assert_int_equal(config_load(&cfg, NULL, false, c.out), 0);
    assert_int_equal(config_int(cfg, "speech.rate"), 175);
    assert_string_equal(config_origin(cfg, "speech.rate"), "default");
    assert_int_equal(config_seconds(cfg, "hours.max_daily"), 6 * 3600);
    assert_true(config_bool(cfg, "speech.interrupt_on_typing"));
    assert_string_equal(config_get(cfg, "no.such"), "");
    config_free(cfg);
    cap_close(&c);
}

static void t_file_values_errors_and_lines(void **state)
{
    char *dir = kefu_test_tmpdir();
    (void)state;
    char *p = write_ini(dir,
        "; a comment\n"
        "[speech]\n"
        "rate = 320\n"
        "pitch = loud\n"
        "\n"
        "[hours]\n"
        "max_daily = 5h\n"
        "mystery = 1\n"
        "[keys]\n"
        "repeat = r\n"
        "this line has no equals sign\n");
    struct capture c;
    cap_open(&c);
    struct kefu_config *cfg = NULL;
    assert_int_equal(config_load(&cfg, p, true, c.out), 1);
    fflush(c.e);
    char want[512];
    snprintf(want, sizeof want, "%s:4: error: speech.pitch", p);
    assert_non_null(strstr(c.ebuf, want));
    snprintf(want, sizeof want, "%s:8: warning: unknown setting 'hours.mystery'", p);
    assert_non_null(strstr(c.ebuf, want));
    snprintf(want, sizeof want, "%s:11: error:", p);
    assert_non_null(strstr(c.ebuf, want));
    assert_int_equal(config_int(cfg, "speech.rate"), 320);
    snprintf(want, sizeof want, "%s:3", p);
    assert_string_equal(config_origin(cfg, "speech.rate"), want);
    assert_int_equal(config_int(cfg, "speech.pitch"), 50);          /* bad value: default */
    assert_int_equal(config_seconds(cfg, "hours.max_daily"), 5 * 3600);
    assert_string_equal(config_get(cfg, "keys.repeat"), "r");       /* open section */
    config_free(cfg);
    cap_close(&c);
    kefu_test_rmtree(dir);
    free(dir);
    free(p);
}

static void t_missing_file(void **state)
{
    (void)state;
    struct capture c;
    cap_open(&c);
    struct kefu_config *cfg = NULL;
    assert_int_equal(config_load(&cfg, "/nonexistent/kefu.ini", false, c.out), 0);
    config_free(cfg);
    assert_int_equal(config_load(&cfg, "/nonexistent/kefu.ini", true, c.out), 2);
    fflush(c.e);
    assert_non_null(strstr(c.ebuf, "kefu: error: "));
    assert_non_null(strstr(c.ebuf, "/nonexistent/kefu.ini"));
    config_free(cfg);
    cap_close(&c);
}

static void t_layers_and_ranges(void **state)
{
    (void)state;
    struct capture c;
    cap_open(&c);
    struct kefu_config *cfg = NULL;
    char err[256];
    assert_int_equal(config_load(&cfg, NULL, false, c.out), 0);
    assert_int_equal(config_set(cfg, "speech.rate", "451", "--rate", err, sizeof err), -1);
    assert_non_null(strstr(err, "80"));
    assert_int_equal(config_set(cfg, "speech.rate", "450", "--rate", err, sizeof err), 0);
    assert_string_equal(config_origin(cfg, "speech.rate"), "--rate");
    assert_int_equal(config_set(cfg, "general.lang", "fr", "--lang", err, sizeof err), -1);
    assert_int_equal(config_set(cfg, "output.plain", "maybe", "x", err, sizeof err), -1);
    assert_int_equal(config_set(cfg, "output.plain", "yes", "x", err, sizeof err), 0);
    assert_true(config_bool(cfg, "output.plain"));
    assert_int_equal(config_set(cfg, "input.scan_interval", "0.4", "x", err, sizeof err), -1);
    assert_int_equal(config_set(cfg, "input.scan_interval", "0.5", "x", err, sizeof err), 0);
    assert_int_equal(config_set(cfg, "nope.key", "1", "x", err, sizeof err), -1);
    config_free(cfg);
    cap_close(&c);
}

static void t_durations(void **state)
{
    (void)state;
    assert_int_equal(config_parse_duration("90"), 90 * 60);
    assert_int_equal(config_parse_duration("45s"), 45);
    assert_int_equal(config_parse_duration("2h"), 7200);
    assert_int_equal(config_parse_duration("1h30m"), 5400);
    assert_int_equal(config_parse_duration(""), -1);
    assert_int_equal(config_parse_duration("2x"), -1);
    assert_int_equal(config_parse_duration("-5m"), -1);
}

static void t_db_path_rules(void **state)
{
    (void)state;
    const char *src = NULL;
    setenv("HOME", "/home/amy", 1);
    setenv("KEFU_DB", "/env/k.db", 1);
    setenv("XDG_DATA_HOME", "/xdg", 1);
    char *p = kefu_db_path("/cli/k.db", &src);
    assert_string_equal(p, "/cli/k.db");
    assert_string_equal(src, "--db");
    free(p);
    p = kefu_db_path(NULL, &src);
    assert_string_equal(p, "/env/k.db");
    assert_string_equal(src, "KEFU_DB");
    free(p);
    unsetenv("KEFU_DB");
    p = kefu_db_path(NULL, &src);
    assert_string_equal(p, "/xdg/kefu/kefu.db");
    assert_string_equal(src, "XDG_DATA_HOME");
    free(p);
    setenv("XDG_DATA_HOME", "relative/ignored", 1);   /* the XDG spec says ignore */
    p = kefu_db_path(NULL, &src);
    assert_string_equal(p, "/home/amy/.local/share/kefu/kefu.db");
    assert_string_equal(src, "HOME");
    free(p);
    unsetenv("XDG_DATA_HOME");
    int explicit_ = -1;
    p = kefu_config_path(NULL, &src, &explicit_);
    assert_string_equal(p, "/home/amy/.config/kefu/config.ini");
    assert_int_equal(explicit_, 0);
    free(p);
    setenv("KEFU_CONFIG", "/etc/k.ini", 1);
    p = kefu_config_path(NULL, &src, &explicit_);
    assert_string_equal(p, "/etc/k.ini");
    assert_int_equal(explicit_, 1);
    free(p);
    unsetenv("KEFU_CONFIG");
    unsetenv("HOME");
    p = kefu_db_path(NULL, &src);
    assert_null(p);
}

static void t_clock(void **state)
{
    (void)state;
    int64_t t = 0;
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    assert_int_equal(clock_parse("2026-03-01T09:00:00+08:00", &t), 0);
    assert_int_equal(t, 1772326800);
    assert_int_equal(clock_parse("2026-03-01T01:00Z", &t), 0);
    assert_int_equal(t, 1772326800);
    assert_int_equal(clock_parse("2026-03-01T09:00", &t), 0);       /* local */
    assert_int_equal(t, 1772326800);
    assert_int_equal(clock_parse("2026-02-30T09:00", &t), -1);
    assert_int_equal(clock_parse("2026-03-01T25:00", &t), -1);
    assert_int_equal(clock_parse("tomorrow", &t), -1);
    assert_int_equal(clock_parse("2026-03-01T09:00+99:00", &t), -1);
    setenv("KEFU_NOW", "2026-03-01T09:00:00+08:00", 1);
    assert_int_equal(clock_now(), 1772326800);
    assert_int_equal(clock_parse("13:30", &t), 0);                  /* today, local */
    assert_int_equal(t, 1772326800 + 4 * 3600 + 1800);
    char buf[64], err[128];
    clock_format_iso(1772326800, buf, sizeof buf);
    assert_string_equal(buf, "2026-03-01T09:00:00+08:00");
    clock_format_date(1772326800, buf, sizeof buf);
    assert_string_equal(buf, "2026-03-01");
    assert_int_equal(clock_check_env(err, sizeof err), 0);
    setenv("KEFU_NOW", "soon", 1);
    assert_int_equal(clock_check_env(err, sizeof err), -1);
    assert_non_null(strstr(err, "KEFU_NOW"));
    unsetenv("KEFU_NOW");
    int64_t a = clock_mono_ms(), b = clock_mono_ms();
    assert_true(b >= a);
}

static const struct CMUnitTest config_tests[] = {
    cmocka_unit_test(t_defaults),
    cmocka_unit_test(t_file_values_errors_and_lines),
    cmocka_unit_test(t_missing_file),
    cmocka_unit_test(t_layers_and_ranges),
    cmocka_unit_test(t_durations),
    cmocka_unit_test(t_db_path_rules),
    cmocka_unit_test(t_clock),
};
KEFU_TEST_GROUP(assistant_config, config_tests, NULL, NULL)
