/* library_load.h -- the built-in library (kb/data) into the database on
 * first use and whenever its contents change, and `kefu kb import`. */
#ifndef KEFU_LIBRARY_LOAD_H
#define KEFU_LIBRARY_LOAD_H

#include "cli.h"

/* Make sure the database holds the current built-in library and practice
 * orders: compares a hash of the data files with the stored data version
 * and reloads everything built-in in one transaction when they differ
 * (trainees' records and imported scenarios are never touched). Returns
 * the database, or NULL after printing why. */
kb_t *kefu_library(struct kefu_ctx *ctx);

/* The data version of the built-in files in dir ("v1-<hex hash>"). Caller
 * frees; NULL when the folder has no scenario files or cannot be read. */
char *library_data_version(const char *dir);

/* `kefu kb import PATH`: a scenario file or a folder of *.kefu files, all
 * or nothing. Prints the diagnostics or the "Added/Replaced" report and
 * returns the exit status. */
int library_import(struct kefu_ctx *ctx, const char *path);

#endif
