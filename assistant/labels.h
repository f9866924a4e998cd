/* labels.h -- readable, translated names for the library's slugs (tiers,
 * categories) wherever they are shown to a person. Slugs and JSON values
 * stay as they are; only text meant to be read or heard goes through here.
 */
#ifndef KEFU_LABELS_H
#define KEFU_LABELS_H

/* "basic" -> "初级" (zh) / "basic" (en); an unknown slug is returned as is;
 * NULL gives "". The result is static or the argument: never freed. */
const char *label_tier(const char *tier);
/* "after-sales" -> "售后" / "after-sales"; unknown slugs as they are. */
const char *label_category(const char *category);

/* A key's name as a person hears it: "space" -> "空格键" (zh) / "Space";
 * single characters are returned as they are, "`" with its name. */
const char *label_key(const char *name);

#endif
