/* ferry-json.h: reading server JSON, and copying it for real
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one set of JSON member getters of core. Every getter takes a
 * nullable object and answers "absent" (NULL / FALSE) for a missing
 * member, a JSON null and a member of another type, so callers read a
 * server's answer without checking each node by hand.
 *
 * json_node_copy() in json-glib 1.6 copies scalars but shares arrays and
 * objects by reference: a "copy" of a record changed in place changes the
 * original. ferry_json_node_copy_deep() and ferry_json_object_copy_deep()
 * copy the whole tree.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The deepest nesting of arrays and objects Ferry reads. json-glib parses
 * by recursion: a document nested 100,000 levels deep overflows the stack,
 * so every document is scanned for its depth before json-glib sees it. */
#define FERRY_JSON_MAX_DEPTH 512

/* The largest JSON answer Ferry reads into memory (package downloads are
 * streamed to disk instead). */
#define FERRY_JSON_MAX_ANSWER_BYTES (256 * 1024 * 1024)

/* TRUE when DATA (LEN bytes) never nests arrays and objects deeper than
 * MAX_DEPTH levels (brackets inside strings do not count). A fast byte
 * scan: it does not check that DATA is JSON. */
gboolean    ferry_json_check_depth      (const char *data,
                                         gsize       len,
                                         guint       max_depth);
/* The root of the JSON text DATA (LEN bytes, or -1: NUL-terminated), or
 * NULL with ERROR set (JSON_PARSER_ERROR; JSON_PARSER_ERROR_INVALID_DATA
 * for a document nested deeper than FERRY_JSON_MAX_DEPTH). An empty
 * document gives NULL without an error. The one way core parses JSON. */
JsonNode   *ferry_json_parse            (const char *data,
                                         gssize      len,
                                         GError    **error) G_GNUC_WARN_UNUSED_RESULT;

JsonNode   *ferry_json_node_copy_deep   (JsonNode   *node) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ferry_json_object_copy_deep (JsonObject *object) G_GNUC_WARN_UNUSED_RESULT;
JsonArray  *ferry_json_array_copy_deep  (JsonArray  *array) G_GNUC_WARN_UNUSED_RESULT;

/* A string member, or NULL (absent, null, not a string). */
const char *ferry_json_get_string       (JsonObject *object,
                                         const char *member);
/* A copy of a non-empty string member, or NULL. */
char       *ferry_json_dup_string       (JsonObject *object,
                                         const char *member) G_GNUC_WARN_UNUSED_RESULT;
/* An integer member: a JSON integer, a double (truncated) or a decimal
 * string within [MIN, MAX]. FALSE (and *OUT untouched) otherwise. */
gboolean    ferry_json_get_int_range    (JsonObject *object,
                                         const char *member,
                                         gint64      min,
                                         gint64      max,
                                         gint64     *out);
/* ferry_json_get_int_range() over the whole gint64 range. */
gboolean    ferry_json_get_int          (JsonObject *object,
                                         const char *member,
                                         gint64     *out);
/* A number member (integer or double), or DEFAULT_VALUE. */
double      ferry_json_get_double       (JsonObject *object,
                                         const char *member,
                                         double      default_value);
/* A boolean member into *OUT; FALSE when it is absent or no boolean. */
gboolean    ferry_json_get_boolean      (JsonObject *object,
                                         const char *member,
                                         gboolean   *out);
/* An object or array member, or NULL; owned by OBJECT. */
JsonObject *ferry_json_get_object       (JsonObject *object,
                                         const char *member);
JsonArray  *ferry_json_get_array        (JsonObject *object,
                                         const char *member);

G_END_DECLS
