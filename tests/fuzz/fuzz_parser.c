/* fuzz_parser.c -- the scenario parser under fuzzing.
 *
 * LLVMFuzzerTestOneInput() is the libFuzzer entry (clang, KEFU_FUZZ=ON; see
 * README.md). Built without libFuzzer (KEFU_FUZZ_MAIN), main() is a plain
 * driver for any compiler: it feeds every seed file, then a fixed number of
 * deterministic random mutations of them, through the same entry, so the
 * gcc + ASan CI run exercises the parser on hostile bytes too.
 *
 * One input is up to four files: a form feed (0x0C) splits it, so phrase
 * sets and slugs across files are fuzzed as well. Beyond "no crash, no
 * leak", it checks the model's invariants: every string is valid UTF-8 with
 * no control characters, a library without errors has turns whose expect
 * weights add up to 100, and every diagnostic has a sane position. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "kb_scenario.h"

static void check_text(const char *s, bool newlines)
{
    if (!s)
        return;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &c);
        if (n <= 0 || (c < 0x20 && c != '\t' && !(newlines && c == '\n')) ||
            (c >= 0x7F && c < 0xA0))
            abort();
        p += n;
    }
}

static void check_phrases(const kb_phrase *ph, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        check_text(ph[i].text, false);
        if (ph[i].text[0] == '\0' || ph[i].text[0] == '$')
            abort();            /* empty or unexpanded after finish */
    }
}

static void check_library(const kb_library *lib, bool clean)
{
    for (size_t i = 0; i < lib->n_scenarios; i++) {
        const kb_scenario *s = &lib->scenarios[i];
        check_text(s->slug, false);
        check_text(s->category, false);
        for (int l = 0; l < KB_LANG_COUNT; l++) {
            check_text(s->title[l], false);
            check_text(s->brief[l], false);
        }
        if (clean && (s->n_turns == 0 || s->tier == KB_TIER_NONE))
            abort();
        for (size_t t = 0; t < s->n_turns; t++) {
            const kb_turn *tu = &s->turns[t];
            int sum = 0;
            for (size_t v = 0; v < tu->n_customers; v++)
                for (int l = 0; l < KB_LANG_COUNT; l++)
                    check_text(tu->customers[v].text[l], false);
            for (size_t r = 0; r < tu->n_rubric; r++) {
                check_phrases(tu->rubric[r].phrases, tu->rubric[r].n_phrases);
                if (tu->rubric[r].kind == KB_RUBRIC_EXPECT)
                    sum += tu->rubric[r].weight;
            }
            if (clean && (sum != 100 || tu->n_customers == 0))
                abort();
            if (tu->limit_s && (tu->limit_s < KB_LIMIT_MIN || tu->limit_s > KB_LIMIT_MAX))
                abort();
        }
    }
    for (size_t i = 0; i < lib->n_policies; i++)
        for (int l = 0; l < KB_LANG_COUNT; l++)
            check_text(lib->policies[i].text[l], true);
    for (size_t i = 0; i < lib->n_phrase_sets; i++)
        check_phrases(lib->phrase_sets[i].phrases, lib->phrase_sets[i].n_phrases);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = { "a.kefu", "b.kefu", "c.kefu", "d.kefu" };
    kb_library *lib = NULL;
    kb_diags d;
    const char *p = (const char *)data, *end = p + size;

    kb_diags_init(&d);
    if (kb_library_new(&lib) != KB_OK)
        return 0;
    for (int f = 0; f < 4 && p <= end; f++) {
        const char *ff = f < 3 ? memchr(p, '\f', (size_t)(end - p)) : NULL;
        const char *stop = ff ? ff : end;
        kb_parse_buffer(lib, names[f], p, (size_t)(stop - p), &d);
        if (!ff)
            break;
        p = ff + 1;
    }
    int rc = kb_library_finish(lib, &d);
    check_library(lib, rc == KB_OK);
    for (size_t i = 0; i < d.count; i++) {
        if (d.items[i].line < 0 || d.items[i].col < 0)
            abort();
        char *s = kb_diag_format(&d.items[i]);
        if (s)
            check_text(s, false);
        free(s);
    }
    if ((rc == KB_OK) != (d.errors == 0))
        abort();
    kb_library_free(lib);
    kb_diags_free(&d);
    return 0;
}

#ifdef KEFU_FUZZ_MAIN
/* ------------------------------------------------------ the plain driver */
#include <dirent.h>

struct seed {
    unsigned char *data;
    size_t len;
};

static struct seed seeds[256];
static size_t nseeds;

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)          /* xorshift64*: deterministic */
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545F4914F6CDD1Dull;
}

static void load(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f || nseeds == sizeof seeds / sizeof *seeds) {
        if (f)
            fclose(f);
        return;
    }
    unsigned char *b = malloc(100000);
    size_t n = fread(b, 1, 100000, f);  /* like -max_len=100000 */
    fclose(f);
    seeds[nseeds++] = (struct seed){ b, n };
}

static void load_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];
    if (!d) {
        load(dir);
        return;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        load(path);
    }
    closedir(d);
}

static const char *const tokens[] = {
    "scenario: ", "policy: ", "phrases: x = ", "use: ", "pass: ", "tier: basic",
    "customer: ", "customer@en: ", "or: ", "or@en: ", "expect 100 a: ",
    "expect 50 b: ", "bonus 10 c: ", "forbid: ", "answer: ", "limit: 60s",
    "text: ", "title: ", "title@en: ", "order: A1", "{order.id}", "{order.",
    "$x", "$", "|", " | ", "｜", "：", ":", "#", "\n", "\r\n", "\f", "@en", "@",
    "\xFF", "\xC0\xAF", "\xED\xA0\x80", "\xEF\xBB\xBF", "\xE4\xBD", "\0", "\t",
    "{", "}", "%", "你好", "-1", "999999999999",
};

static size_t mutate(unsigned char *out, size_t cap, const struct seed *s)
{
    size_t n = s->len < cap ? s->len : cap;
    memcpy(out, s->data, n);
    int edits = 1 + (int)(next() % 8);
    for (int e = 0; e < edits; e++) {
        size_t at = n ? next() % (n + 1) : 0;
        switch (next() % 6) {
        case 0:                                 /* flip a byte */
            if (at < n)
                out[at] ^= (unsigned char)(1u << (next() % 8));
            break;
        case 1:                                 /* random byte */
            if (at < n)
                out[at] = (unsigned char)next();
            break;
        case 2: {                               /* insert a token */
            const char *t = tokens[next() % (sizeof tokens / sizeof *tokens)];
            size_t tl = strlen(t) ? strlen(t) : 1;
            if (n + tl <= cap) {
                memmove(out + at + tl, out + at, n - at);
                memcpy(out + at, t, tl);
                n += tl;
            }
            break;
        }
        case 3: {                               /* delete a run */
            size_t k = next() % 64;
            if (at + k > n)
                k = n - at;
            memmove(out + at, out + at + k, n - at - k);
            n -= k;
            break;
        }
        case 4: {                               /* splice from another seed */
            const struct seed *o = &seeds[next() % nseeds];
            size_t from = o->len ? next() % o->len : 0, k = next() % 512;
            if (from + k > o->len)
                k = o->len - from;
            if (n + k <= cap) {
                memmove(out + at + k, out + at, n - at);
                memcpy(out + at, o->data + from, k);
                n += k;
            }
            break;
        }
        default:                                /* truncate */
            n = at;
            break;
        }
    }
    return n;
}

int main(int argc, char **argv)
{
    long rounds = 3000;
    size_t execs = 0;
    int first = 1;

    if (argc > 2 && strcmp(argv[1], "-runs") == 0) {
        rounds = atol(argv[2]);
        first = 3;
    }
    for (int i = first; i < argc; i++)
        load_dir(argv[i]);
    if (nseeds == 0) {
        fprintf(stderr, "usage: %s [-runs N] SEED_DIR_OR_FILE...\n", argv[0]);
        return 2;
    }
    for (size_t i = 0; i < nseeds; i++, execs++)
        LLVMFuzzerTestOneInput(seeds[i].data, seeds[i].len);
    size_t cap = 200000;
    unsigned char *buf = malloc(cap);
    for (long r = 0; r < rounds; r++, execs++) {
        size_t n = mutate(buf, cap, &seeds[next() % nseeds]);
        LLVMFuzzerTestOneInput(buf, n);
    }
    free(buf);
    for (size_t i = 0; i < nseeds; i++)
        free(seeds[i].data);
    printf("fuzz_parser: %zu seeds, %zu inputs parsed, no crash\n", nseeds, execs);
    return 0;
}
#endif
