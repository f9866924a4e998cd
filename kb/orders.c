/* orders.c -- the practice order system: TSV loading, look-up by number,
 * closest number, placeholder values.
 *
 * The TSV files are read by column name, not position, so kb-data may add or
 * reorder columns without breaking the loader; every problem is collected
 * with its FILE:LINE:COL before anything is written.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_int.h"
#include "kb_orders.h"
#include "search_int.h"
#include "textnorm.h"

static const char *const order_cols[] = {
    "id", "status", "item", "item_en", "qty", "amount", "payment", "courier",
    "tracking", "placed", "paid", "shipped", "delivered", "buyer", "phone",
    "province", "city", "address", "rural", "eta",
};
enum { N_ORDER_COLS = sizeof order_cols / sizeof order_cols[0] };
static const char *const event_cols[] = {"order_id", "time", "event", "event_en"};
enum { N_EVENT_COLS = 4 };

static const char *const statuses[] = {
    "awaiting_payment", "awaiting_shipment", "shipped", "in_transit",
    "out_for_delivery", "delivered", "refund_in_progress", "refunded", "closed",
};

char *kb_order_key(const char *number)
{
    char *out = NULL;
    if (kb_normalize(number ? number : "", number ? strlen(number) : 0, KB_NORM_ALL,
                     &out) != KB_OK)
        return NULL;
    return out;
}

/* ------------------------------------------------------------------ */
/* TSV reading. */

struct errs {
    char buf[480];
    size_t len;
    int count;
};

static void err_add(struct errs *e, const char *file, int line, int col,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void err_add(struct errs *e, const char *file, int line, int col,
                    const char *fmt, ...)
{
    e->count++;
    if (e->len >= sizeof e->buf - 1)
        return;
    int n = snprintf(e->buf + e->len, sizeof e->buf - e->len, "%s%s:%d:%d: error: ",
                     e->len ? "\n" : "", file, line, col);
    if (n > 0)
        e->len = (size_t)n + e->len < sizeof e->buf ? e->len + (size_t)n : sizeof e->buf - 1;
    va_list ap;
    va_start(ap, fmt);
    n = vsnprintf(e->buf + e->len, sizeof e->buf - e->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        e->len = (size_t)n + e->len < sizeof e->buf ? e->len + (size_t)n : sizeof e->buf - 1;
}

/* Column (1-based, in characters) of byte offset off in line. */
static int char_col(const char *line, size_t off)
{
    int col = 1;
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)line[i] & 0xC0) != 0x80)
            col++;
    return col;
}

/* One parsed row: fields point into a private copy of the line. */
struct row {
    char *copy;
    const char *field[32];
    size_t off[32];
    int nfield;
    int line;
};

typedef int (*row_fn)(void *arg, const struct row *r);

/* Call fn for the header (first non-comment line, *is_header) and each row. */
static int tsv_each(const char *text, size_t len, row_fn fn, void *arg)
{
    size_t i = 0;
    int lineno = 0, rc = 0;
    while (i < len && !rc) {
        size_t j = i;
        while (j < len && text[j] != '\n')
            j++;
        lineno++;
        size_t n = j - i;
        if (n && text[i + n - 1] == '\r')
            n--;
        if (n && text[i] != '#') {
            struct row r = {.line = lineno};
            r.copy = malloc(n + 1);
            if (!r.copy)
                return KB_NOMEM;
            memcpy(r.copy, text + i, n);
            r.copy[n] = '\0';
            char *p = r.copy;
            while (r.nfield < 32) {
                r.off[r.nfield] = (size_t)(p - r.copy);
                r.field[r.nfield++] = p;
                char *tab = strchr(p, '\t');
                if (!tab)
                    break;
                *tab = '\0';
                p = tab + 1;
            }
            rc = fn(arg, &r);
            free(r.copy);
        }
        i = j + 1;
    }
    return rc;
}

struct load {
    kb_t *kb;
    const char *file;
    struct errs *e;
    const char *const *cols;
    int ncols;
    int map[32];        /* our column -> field index, -1 if absent */
    bool have_header;
    sqlite3_stmt *ins;
    int seq;
};

static int on_row(void *arg, const struct row *r)
{
    struct load *L = arg;
    if (!L->have_header) {
        L->have_header = true;
        for (int c = 0; c < L->ncols; c++) {
            L->map[c] = -1;
            for (int f = 0; f < r->nfield; f++)
                if (!strcmp(r->field[f], L->cols[c]))
                    L->map[c] = f;
            /* only what a look-up cannot do without is required */
            static const char *const required[] = {"id", "status", "item",
                                                   "order_id", "time", "event"};
            bool need = false;
            for (size_t k = 0; k < sizeof required / sizeof required[0]; k++)
                need = need || !strcmp(L->cols[c], required[k]);
            if (L->map[c] < 0 && need)
                err_add(L->e, L->file, r->line, 1, "the header has no column \"%s\"",
                        L->cols[c]);
        }
        return 0;
    }
    sqlite3_stmt *st = L->ins;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    bool bad = false;
    for (int c = 0; c < L->ncols; c++) {
        int f = L->map[c];
        if (f < 0)
            continue;
        if (f >= r->nfield) {
            err_add(L->e, L->file, r->line, char_col(r->copy, strlen(r->copy)) + 1,
                    "the row has %d fields; column \"%s\" is missing", r->nfield,
                    L->cols[c]);
            bad = true;
            break;
        }
        const char *v = r->field[f];
        int col = char_col(r->copy, r->off[f]);
        const char *name = L->cols[c];
        if (!strcmp(name, "status")) {
            bool ok = false;
            for (size_t s = 0; s < sizeof statuses / sizeof statuses[0]; s++)
                ok = ok || !strcmp(v, statuses[s]);
            if (!ok) {
                err_add(L->e, L->file, r->line, col, "unknown status \"%s\"", v);
                bad = true;
            }
        }
        if ((!strcmp(name, "qty") || !strcmp(name, "rural")) && *v &&
            strspn(v, "0123456789") != strlen(v)) {
            err_add(L->e, L->file, r->line, col, "%s must be a whole number, not \"%s\"",
                    name, v);
            bad = true;
        }
        if ((!strcmp(name, "id") || !strcmp(name, "order_id") || !strcmp(name, "item") ||
             !strcmp(name, "time") || !strcmp(name, "event")) && !*v) {
            err_add(L->e, L->file, r->line, col, "%s is empty", name);
            bad = true;
        }
        if (*v)
            sqlite3_bind_text(st, c + 1, v, -1, SQLITE_TRANSIENT);
    }
    if (bad)
        return 0;
    if (L->cols == order_cols) {
        const char *id = r->field[L->map[0]];
        char *key = kb_order_key(id);
        if (!key)
            return KB_NOMEM;
        sqlite3_bind_text(st, N_ORDER_COLS + 1, key, -1, free);
    } else {
        sqlite3_bind_int(st, N_EVENT_COLS + 1, L->seq++);
    }
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        int ext = sqlite3_extended_errcode(L->kb->db);
        if (ext == SQLITE_CONSTRAINT_PRIMARYKEY || ext == SQLITE_CONSTRAINT_UNIQUE)
            err_add(L->e, L->file, r->line, 1, "order %s appears twice",
                    r->field[L->map[0]]);
        else if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
            err_add(L->e, L->file, r->line, 1, "no order %s in the orders file",
                    r->field[L->map[0]]);
        else
            err_add(L->e, L->file, r->line, 1, "%s", sqlite3_errmsg(L->kb->db));
    }
    return 0;
}

int kb_orders_load_tsv(kb_t *kb, const char *orders_name, const char *orders,
                       size_t orders_len, const char *events_name,
                       const char *events, size_t events_len)
{
    struct errs e = {0};
    struct load L = {.kb = kb, .e = &e};
    sqlite3_stmt *ins_o = NULL, *ins_e = NULL;
    int rc;

    /* foreign keys are checked immediately (not deferred): a bad order_id
     * fails its own INSERT, so the error can name its line */
    if (sqlite3_exec(kb->db, "SAVEPOINT kb_orders; DELETE FROM practice_order;",
                     NULL, NULL, NULL) != SQLITE_OK) {
        rc = kb_sqlfail(kb, "cannot replace the practice orders");
        sqlite3_exec(kb->db, "ROLLBACK TO kb_orders; RELEASE kb_orders", NULL, NULL, NULL);
        return rc;
    }
    rc = sqlite3_prepare_v2(kb->db,
        "INSERT INTO practice_order(id, status, item, item_en, qty, amount, payment,"
        " courier, tracking, placed, paid, shipped, delivered, buyer, phone, province,"
        " city, address, rural, eta, key) VALUES (?1, ?2, ?3, ?4, ifnull(?5, 1), ?6,"
        " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ifnull(?19, 0),"
        " ?20, ?21)", -1, &ins_o, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(kb->db,
            "INSERT INTO order_event(order_id, time, event, event_en, seq)"
            " VALUES (?1, ?2, ?3, ?4, ?5)", -1, &ins_e, NULL);
    if (rc != SQLITE_OK) {
        rc = kb_sqlfail(kb, "preparing to load the practice orders");
        goto out;
    }
    L.file = orders_name;
    L.cols = order_cols;
    L.ncols = N_ORDER_COLS;
    L.ins = ins_o;
    rc = tsv_each(orders, orders_len, on_row, &L);
    if (!L.have_header)
        err_add(&e, orders_name, 1, 1, "the file has no header line");
    if (rc == KB_OK && e.count == 0) {
        L = (struct load){.kb = kb, .e = &e, .file = events_name, .cols = event_cols,
                          .ncols = N_EVENT_COLS, .ins = ins_e};
        rc = tsv_each(events, events_len, on_row, &L);
        if (!L.have_header)
            err_add(&e, events_name, 1, 1, "the file has no header line");
    }
    if (rc != KB_OK) {
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
        goto out;
    }
    if (e.count)
        rc = kb_fail(kb, KB_INVALID, "%s%s", e.buf,
                     e.len >= sizeof e.buf - 1 ? "\n(more problems not shown)" : "");
out:
    sqlite3_finalize(ins_o);
    sqlite3_finalize(ins_e);
    if (rc != KB_OK)
        sqlite3_exec(kb->db, "ROLLBACK TO kb_orders", NULL, NULL, NULL);
    sqlite3_exec(kb->db, "RELEASE kb_orders", NULL, NULL, NULL);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Look-ups. */

static char *dup_col(sqlite3_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    return s && *s ? strdup((const char *)s) : NULL;
}

void kb_order_free(kb_order *o)
{
    if (!o)
        return;
    char **fields[] = {&o->id, &o->status, &o->item, &o->item_en, &o->amount,
                       &o->payment, &o->courier, &o->tracking, &o->placed, &o->paid,
                       &o->shipped, &o->delivered, &o->buyer, &o->phone, &o->province,
                       &o->city, &o->address, &o->eta};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        free(*fields[i]);
    for (size_t i = 0; i < o->n_events; i++) {
        free(o->events[i].time);
        free(o->events[i].event);
        free(o->events[i].event_en);
    }
    free(o->events);
    free(o);
}

int kb_order_get(kb_t *kb, const char *number, kb_order **out)
{
    sqlite3_stmt *st = NULL;
    kb_order *o = NULL;
    char *key = kb_order_key(number);
    int rc;

    *out = NULL;
    if (!key)
        return kb_fail(kb, KB_NOMEM, "out of memory");
    rc = sqlite3_prepare_v2(kb->db,
        "SELECT id, status, item, item_en, qty, amount, payment, courier, tracking,"
        " placed, paid, shipped, delivered, buyer, phone, province, city, address,"
        " rural, eta FROM practice_order WHERE key = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        rc = kb_sqlfail(kb, "reading the practice orders");
        goto out;
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        rc = kb_fail(kb, KB_NOTFOUND, "there is no practice order %s", number);
        goto out;
    }
    if (rc != SQLITE_ROW) {
        rc = kb_sqlfail(kb, "reading the practice orders");
        goto out;
    }
    o = calloc(1, sizeof *o);
    if (!o) {
        rc = kb_fail(kb, KB_NOMEM, "out of memory");
        goto out;
    }
    char **fields[] = {&o->id, &o->status, &o->item, &o->item_en, NULL, &o->amount,
                       &o->payment, &o->courier, &o->tracking, &o->placed, &o->paid,
                       &o->shipped, &o->delivered, &o->buyer, &o->phone, &o->province,
                       &o->city, &o->address, NULL, &o->eta};
    for (int i = 0; i < 20; i++)
        if (fields[i])
            *fields[i] = dup_col(st, i);
    o->qty = sqlite3_column_int(st, 4);
    o->rural = sqlite3_column_int(st, 18) != 0;
    sqlite3_finalize(st);
    st = NULL;

    rc = sqlite3_prepare_v2(kb->db,
        "SELECT time, event, event_en FROM order_event WHERE order_id = ?1"
        " ORDER BY time DESC, seq DESC", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        rc = kb_sqlfail(kb, "reading the order's events");
        goto out;
    }
    sqlite3_bind_text(st, 1, o->id, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        kb_order_event *ne = realloc(o->events, (o->n_events + 1) * sizeof *ne);
        if (!ne) {
            rc = kb_fail(kb, KB_NOMEM, "out of memory");
            goto out;
        }
        o->events = ne;
        ne[o->n_events].time = dup_col(st, 0);
        ne[o->n_events].event = dup_col(st, 1);
        ne[o->n_events].event_en = dup_col(st, 2);
        o->n_events++;
    }
    if (rc != SQLITE_DONE) {
        rc = kb_sqlfail(kb, "reading the order's events");
        goto out;
    }
    rc = KB_OK;
    *out = o;
    o = NULL;
out:
    kb_order_free(o);
    sqlite3_finalize(st);
    free(key);
    return rc;
}

int kb_order_closest(kb_t *kb, const char *number, char **best)
{
    sqlite3_stmt *st = NULL;
    char *key = kb_order_key(number);
    size_t bestd = (size_t)-1;
    int rc;

    *best = NULL;
    if (!key)
        return kb_fail(kb, KB_NOMEM, "out of memory");
    rc = sqlite3_prepare_v2(kb->db, "SELECT id, key FROM practice_order ORDER BY id",
                            -1, &st, NULL);
    if (rc != SQLITE_OK) {
        free(key);
        return kb_sqlfail(kb, "reading the practice orders");
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t d = kb_edit_distance(key, (const char *)sqlite3_column_text(st, 1));
        if (d < bestd) {
            char *s = strdup((const char *)sqlite3_column_text(st, 0));
            if (!s)
                break;
            bestd = d;
            free(*best);
            *best = s;
        }
    }
    rc = rc == SQLITE_DONE ? KB_OK : kb_sqlfail(kb, "reading the practice orders");
    sqlite3_finalize(st);
    free(key);
    return rc;
}

int kb_order_count(kb_t *kb, size_t *n)
{
    sqlite3_stmt *st = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(kb->db, "SELECT count(*) FROM practice_order", -1, &st,
                           NULL) != SQLITE_OK)
        return kb_sqlfail(kb, "counting the practice orders");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *n = (size_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? KB_OK : kb_sqlfail(kb, "counting the practice orders");
}

const char *kb_order_field(const kb_order *o, const char *name, bool en,
                           char *buf, size_t cap)
{
    if (!o || !name)
        return NULL;
    if (!strcmp(name, "order.id")) return o->id;
    if (!strcmp(name, "order.item")) return en && o->item_en ? o->item_en : o->item;
    if (!strcmp(name, "order.qty")) {
        if (!buf || cap < 16)
            return NULL;
        snprintf(buf, cap, "%d", o->qty);
        return buf;
    }
    if (!strcmp(name, "order.amount")) return o->amount;
    if (!strcmp(name, "order.status")) return o->status;
    if (!strcmp(name, "order.courier")) return o->courier;
    if (!strcmp(name, "order.tracking")) return o->tracking;
    if (!strcmp(name, "order.placed")) return o->placed;
    if (!strcmp(name, "order.shipped")) return o->shipped;
    if (!strcmp(name, "order.eta")) return o->eta;
    if (!strcmp(name, "order.city")) return o->city;
    if (!strcmp(name, "order.buyer")) return o->buyer;
    return NULL;
}
