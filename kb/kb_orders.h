/* kb_orders.h -- the practice order system: orders of the fictional
 * practice store with their tracking events, loaded from kb/data/orders.tsv
 * and order_events.tsv, looked up by number for `kefu order show` and for
 * filling {order.*} placeholders in scenarios.
 *
 * Order numbers are matched after normalisation (kb_order_key): full-width
 * digits, spaces and punctuation, upper/lower case and Chinese numerals
 * read aloud all reach the same order ("ｔｂ 2026-0201 001" = TB20260201001).
 */
#ifndef KEFU_KB_ORDERS_H
#define KEFU_KB_ORDERS_H

#include <stdbool.h>
#include <stddef.h>
#include "kb.h"

typedef struct {
    char *time;         /* ISO 8601 with offset */
    char *event;        /* zh */
    char *event_en;     /* may be NULL */
} kb_order_event;

/* Every text field may be NULL when the data leaves it empty, except id,
 * status and item. */
typedef struct {
    char *id, *status, *item, *item_en;
    int qty;
    char *amount, *payment, *courier, *tracking;
    char *placed, *paid, *shipped, *delivered;
    char *buyer, *phone, *province, *city, *address;
    bool rural;
    char *eta;
    kb_order_event *events;     /* newest first */
    size_t n_events;
} kb_order;

/* Look an order up by number (normalised). KB_NOTFOUND when there is none.
 * Caller frees *out with kb_order_free(). */
int kb_order_get(kb_t *kb, const char *number, kb_order **out);
void kb_order_free(kb_order *o);                /* NULL is a no-op */

/* The value of a placeholder name as listed by kb_placeholder_names()
 * ("order.id", "order.item", ...; en picks item_en/event_en where there is
 * one). Borrowed from o; NULL for an unknown name or an empty field. For
 * order.qty, buf (>= 16 bytes) holds the digits. */
const char *kb_order_field(const kb_order *o, const char *name, bool en,
                           char *buf, size_t cap);

/* The existing order number closest to number (edit distance after
 * normalisation), for "did you mean"; *best is NULL when there are no
 * orders. Caller frees. */
int kb_order_closest(kb_t *kb, const char *number, char **best);

/* The normal form of an order number used for matching. Caller frees;
 * NULL when out of memory. */
char *kb_order_key(const char *number);

/* Replace every practice order and event with the contents of two TSV
 * texts (header line, `#` comments; columns as in kb/data). The names are
 * used in errors: "orders.tsv:12:5: error: ...". All or nothing (savepoint);
 * on error kb_errmsg() lists every problem found, one per line. */
int kb_orders_load_tsv(kb_t *kb, const char *orders_name, const char *orders,
                       size_t orders_len, const char *events_name,
                       const char *events, size_t events_len);

int kb_order_count(kb_t *kb, size_t *n);

#endif
