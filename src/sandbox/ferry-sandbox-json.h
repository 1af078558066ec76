/* ferry-sandbox-json.h: the sandbox's base layer: its error domain, time
 * and ids, JSON helpers and atomic file writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every other sandbox module builds on this one; it includes no other
 * sandbox header. (The sandbox shares no code with src/core: these are its
 * own helpers.)
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ------------------------------------------------------------------------ */
/* Errors inside the sandbox                                                  */
/* ------------------------------------------------------------------------ */

#define SB_ERROR (sb_error_quark ())
GQuark sb_error_quark (void);

typedef enum
{
  SB_ERROR_INVALID,       /* bad input: → 400 ERR006 */
  SB_ERROR_NOT_FOUND,     /* unknown id: → 404 ERR004 (or 400 when inside a body) */
  SB_ERROR_WRONG_LEVEL,   /* object of the wrong level for the package type → 400 ERR006 */
  SB_ERROR_DEPENDENCY,    /* validateDependencies / delete blocked → import_failed */
  SB_ERROR_VERSION,       /* package from a newer server → import_failed */
  SB_ERROR_TOO_LARGE,     /* over --max-package-bytes → create_failed */
  SB_ERROR_CORRUPT,       /* unreadable package file */
  SB_ERROR_IO,
} SbError;

/* ------------------------------------------------------------------------ */
/* Time and ids                                                               */
/* ------------------------------------------------------------------------ */

gint64   sb_now_ms          (void);
/* "2022-03-16T07:38:40.125+0000" (UTC). */
char    *sb_format_time     (gint64 ms);
/* Accepts the format above and ISO 8601 with Z or ±hh:mm / ±hhmm. */
gboolean sb_parse_time      (const char *text,
                             gint64     *out_ms);
/* LEN bytes from the system's cryptographic generator (getrandom(2)). */
void     sb_random_bytes    (guint8     *buf,
                             gsize       len);
/* 32 upper-case hex digits, random (cryptographic). */
char    *sb_new_hex_id      (void);
/* A session token: 26 lower-case alphanumerics, random (cryptographic),
 * drawn apart from every other id. */
char    *sb_new_token       (void);
/* 32 upper-case hex digits derived from the formatted text (MD5), stable. */
char    *sb_hex_from_text   (const char *format,
                             ...) G_GNUC_PRINTF (1, 2);
/* 32 lower-case hex digits, random (error ticket ids; cryptographic, so
 * that a ticket id tells nothing of the tokens drawn before or after it). */
char    *sb_new_ticket_id   (void);
/* 32 hex digits, either case. */
gboolean sb_is_hex_id       (const char *text);

/* ------------------------------------------------------------------------ */
/* Strings                                                                    */
/* ------------------------------------------------------------------------ */

/* VALUE (may be NULL) is one of the NULL-terminated LIST (case-sensitive). */
gboolean    sb_str_in                   (const char         *value,
                                         const char * const *list);
/* "a, b, c" */
char       *sb_join_list                (const char * const *list);
/* "2 GB" for 2 GiB; "N MB", "N KB" or "N bytes" otherwise. */
char       *sb_format_size_limit        (guint64             bytes);

/* ------------------------------------------------------------------------ */
/* JSON                                                                       */
/* ------------------------------------------------------------------------ */

const char *sb_json_get_string          (JsonObject *object,
                                         const char *member);  /* NULL if absent or not a string */
JsonObject *sb_json_get_object          (JsonObject *object,
                                         const char *member);  /* NULL if absent or not an object */
JsonArray  *sb_json_get_array           (JsonObject *object,
                                         const char *member);  /* NULL if absent or not an array */
/* The string member, or FALLBACK when OBJECT is NULL or it is not a string. */
const char *sb_json_get_string_or       (JsonObject *object,
                                         const char *member,
                                         const char *fallback);

gboolean    sb_json_node_is_string      (JsonNode   *node);    /* FALSE for NULL */
gboolean    sb_json_node_is_int         (JsonNode   *node);    /* FALSE for NULL */
gboolean    sb_json_node_is_bool        (JsonNode   *node);    /* FALSE for NULL */
gboolean    sb_json_node_is_null        (JsonNode   *node);    /* TRUE for NULL (absent) */
/* 'text' for a string, the JSON text otherwise, "(missing)" for NULL. */
char       *sb_json_describe_node       (JsonNode   *node);

/* A real copy: json_node_copy() shares arrays and objects in json-glib 1.6.
 * Objects keep the order of their members. */
JsonNode   *sb_json_deep_copy           (JsonNode   *node);
JsonObject *sb_json_object_dup          (JsonObject *object);   /* deep, new object */
JsonArray  *sb_json_array_dup           (JsonArray  *array);    /* deep, new array */
/* A node holding OBJECT (takes ownership). */
JsonNode   *sb_json_node_take_object    (JsonObject *object);
/* {"id": ID, "name": NAME}, "" for NULL. */
JsonObject *sb_json_id_name             (const char *id,
                                         const char *name);
/* OBJECT.MEMBER = the time now, formatted by sb_format_time(). */
void        sb_json_set_now             (JsonObject *object,
                                         const char *member);

/* The deepest nesting of arrays and objects the sandbox parses: json-glib
 * recurses, and 100,000 levels overflow its stack. */
#define SB_JSON_MAX_DEPTH 512

/* TRUE when DATA never nests arrays and objects deeper than MAX_DEPTH
 * (brackets inside strings do not count). A byte scan, before json-glib. */
gboolean    sb_json_check_depth         (const char *data,
                                         gsize       size,
                                         guint       max_depth);
/* A request body or a state file: non-empty, UTF-8, nested at most
 * SB_JSON_MAX_DEPTH levels (else SB_ERROR_INVALID), JSON. */
JsonNode   *sb_json_parse_bytes         (GBytes     *bytes,
                                         GError    **error);
/* A state file of the sandbox, mapped, depth-checked and parsed into a
 * mutable tree used as is; an empty or too deeply nested file is
 * SB_ERROR_CORRUPT. */
JsonNode   *sb_json_load_file           (const char *path,
                                         GError    **error);
GBytes     *sb_json_to_bytes            (JsonNode   *node,
                                         gboolean    pretty);
/* Write atomically (temp file + rename, fsync'd). */
gboolean    sb_write_file_atomic        (const char *path,
                                         GBytes     *bytes,
                                         GError    **error);
/* The JSON object in the file at PATH (new), or NULL when it cannot be
 * read or holds something else; and OBJECT written there atomically. */
JsonObject *sb_json_read_object_file    (const char *path);
gboolean    sb_json_write_object_file   (const char *path,
                                         JsonObject *object,
                                         GError    **error);

G_END_DECLS
