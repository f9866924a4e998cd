/* notyet.h -- commands of the contract whose implementation has not landed
 * yet answer with a clear runtime error instead of pretending. */
#ifndef KEFU_NOTYET_H
#define KEFU_NOTYET_H
#include "cli.h"
int kefu_not_yet(struct kefu_ctx *ctx, const char *what);
#endif
