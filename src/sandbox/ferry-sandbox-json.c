/* ferry-sandbox-json.c: the error domain, time and ids, JSON helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "ferry-sandbox-json.h"

G_DEFINE_QUARK (sb-error-quark, sb_error)

/* ------------------------------------------------------------------------ */
/* Time and ids                                                               */
/* ------------------------------------------------------------------------ */

gint64
sb_now_ms (void)
{
  return g_get_real_time () / 1000;
}

char *
sb_format_time (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00.000+0000");

  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03d+0000",
                          g_date_time_get_year (dt),
                          g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt),
                          g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt),
                          g_date_time_get_second (dt),
                          (int) (((ms % 1000) + 1000) % 1000));
}

gboolean
sb_parse_time (const char *text,
               gint64     *out_ms)
{
  g_autofree char *fixed = NULL;
  g_autoptr(GDateTime) dt = NULL;
  size_t len;

  if (text == NULL)
    return FALSE;

  len = strlen (text);
  /* "+0000" → "+00:00" so GDateTime understands it. */
  if (len > 5 && (text[len - 5] == '+' || text[len - 5] == '-') &&
      g_ascii_isdigit (text[len - 4]) && g_ascii_isdigit (text[len - 1]) &&
      strchr (text + len - 4, ':') == NULL)
    fixed = g_strdup_printf ("%.*s%.3s:%s", (int) (len - 5), text, text + len - 5, text + len - 2);
  else
    fixed = g_strdup (text);

  dt = g_date_time_new_from_iso8601 (fixed, NULL);
  if (dt == NULL)
    return FALSE;

  *out_ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

void
sb_random_bytes (guint8 *buf,
                 gsize   len)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = getrandom (buf + done, len - done, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          /* No secret may come from anything weaker. */
          g_error ("The system's random generator failed: %s", g_strerror (errno));
        }
      done += (gsize) n;
    }
}

static char *
random_hex (gboolean upper)
{
  static const char lower_digits[] = "0123456789abcdef";
  static const char upper_digits[] = "0123456789ABCDEF";
  const char *digits = upper ? upper_digits : lower_digits;
  guint8 raw[16];
  char *out = g_malloc (33);

  sb_random_bytes (raw, sizeof raw);
  for (guint i = 0; i < sizeof raw; i++)
    {
      out[2 * i] = digits[raw[i] >> 4];
      out[2 * i + 1] = digits[raw[i] & 0xf];
    }
  out[32] = '\0';
  explicit_bzero (raw, sizeof raw);
  return out;
}

char *
sb_new_token (void)
{
  static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  char *token = g_malloc (27);
  guint n = 0;

  while (n < 26)
    {
      guint8 raw[32];

      sb_random_bytes (raw, sizeof raw);
      /* Rejection keeps the 36 characters equally likely (252 = 7 × 36). */
      for (guint i = 0; i < sizeof raw && n < 26; i++)
        if (raw[i] < 252)
          token[n++] = alphabet[raw[i] % 36];
      explicit_bzero (raw, sizeof raw);
    }
  token[26] = '\0';
  return token;
}

char *
sb_new_hex_id (void)
{
  return random_hex (TRUE);
}

char *
sb_new_ticket_id (void)
{
  return random_hex (FALSE);
}

char *
sb_hex_from_text (const char *format,
                  ...)
{
  g_autofree char *text = NULL;
  g_autofree char *md5 = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);
  return g_ascii_strup (md5, -1);
}

gboolean
sb_is_hex_id (const char *text)
{
  if (text == NULL || strlen (text) != 32)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Strings                                                                    */
/* ------------------------------------------------------------------------ */

gboolean
sb_str_in (const char         *value,
           const char * const *list)
{
  if (value == NULL)
    return FALSE;

  for (guint i = 0; list[i] != NULL; i++)
    if (strcmp (value, list[i]) == 0)
      return TRUE;

  return FALSE;
}

char *
sb_join_list (const char * const *list)
{
  return g_strjoinv (", ", (char **) list);
}

char *
sb_format_size_limit (guint64 bytes)
{
  const guint64 kib = 1024;

  if (bytes >= kib * kib * kib && bytes % (kib * kib * kib) == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " GB", bytes / (kib * kib * kib));
  if (bytes >= kib * kib && bytes % (kib * kib) == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " MB", bytes / (kib * kib));
  if (bytes >= kib && bytes % kib == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " KB", bytes / kib);
  return g_strdup_printf ("%" G_GUINT64_FORMAT " bytes", bytes);
}

/* ------------------------------------------------------------------------ */
/* JSON helpers                                                               */
/* ------------------------------------------------------------------------ */

const char *
sb_json_get_string (JsonObject *object,
                    const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
sb_json_get_object (JsonObject *object,
                    const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
sb_json_get_array (JsonObject *object,
                   const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;
  return JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

const char *
sb_json_get_string_or (JsonObject *object,
                       const char *member,
                       const char *fallback)
{
  const char *value = object != NULL ? sb_json_get_string (object, member) : NULL;

  return value != NULL ? value : fallback;
}

gboolean
sb_json_check_depth (const char *data,
                     gsize       size,
                     guint       max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;               /* the escaped byte, whatever it is */
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

JsonNode *
sb_json_parse_bytes (GBytes  *bytes,
                     GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size == 0)
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_INVALID, "Empty body");
      return NULL;
    }
  if (!g_utf8_validate (data, size, NULL))
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_INVALID, "Body is not valid UTF-8");
      return NULL;
    }
  if (!sb_json_check_depth (data, size, SB_JSON_MAX_DEPTH))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "the document is nested too deeply (over %u levels)", SB_JSON_MAX_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, size, error))
    return NULL;
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_INVALID, "Empty JSON document");
      return NULL;
    }
  return sb_json_deep_copy (json_parser_get_root (parser));
}

JsonNode *
sb_json_load_file (const char *path,
                   GError    **error)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);
  g_autoptr(JsonParser) parser = NULL;
  const char *data;
  gsize size;
  JsonNode *root;

  if (mapped == NULL)
    return NULL;
  data = g_mapped_file_get_contents (mapped);
  size = g_mapped_file_get_length (mapped);
  if (size > 0 && !sb_json_check_depth (data, size, SB_JSON_MAX_DEPTH))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_CORRUPT, "%s is nested too deeply (over %u levels)",
                   path, SB_JSON_MAX_DEPTH);
      return NULL;
    }
  parser = json_parser_new ();
  if (size > 0 && !json_parser_load_from_data (parser, data, (gssize) size, error))
    return NULL;
  root = size > 0 ? json_parser_get_root (parser) : NULL;
  if (root == NULL)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_CORRUPT, "%s is empty", path);
      return NULL;
    }
  return json_node_ref (root);
}

GBytes *
sb_json_to_bytes (JsonNode *node,
                  gboolean  pretty)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  gsize len = 0;
  char *text;

  json_generator_set_root (gen, node);
  json_generator_set_pretty (gen, pretty);
  text = json_generator_to_data (gen, &len);
  return g_bytes_new_take (text, len);
}

gboolean
sb_write_file_atomic (const char *path,
                      GBytes     *bytes,
                      GError    **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  /* g_file_set_contents_full writes a temporary file in the same folder,
   * fsyncs it and renames it over PATH: readers see the old file or the new
   * one, never a mix, even when the process is killed halfway. */
  return g_file_set_contents_full (path, data, len,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0644, error);
}

gboolean
sb_json_node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
sb_json_node_is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

gboolean
sb_json_node_is_bool (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

gboolean
sb_json_node_is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

char *
sb_json_describe_node (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("(missing)");
  if (sb_json_node_is_string (node))
    return g_strdup_printf ("'%s'", json_node_get_string (node));

  return json_to_string (node, FALSE);
}

/* json_node_copy() in json-glib 1.6 shares arrays and objects by reference;
 * the sandbox needs real copies (undo records must not change with the
 * objects they record). */
JsonNode *
sb_json_deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (node == NULL)
    return NULL;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *src = json_node_get_object (node);
        JsonObject *dst = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        /* Ordered: members keep the order they were sent in. */
        json_object_iter_init_ordered (&iter, src);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          json_object_set_member (dst, name, sb_json_deep_copy (member));
        copy = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (copy, dst);
        return copy;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *src = json_node_get_array (node);
        guint n = json_array_get_length (src);
        JsonArray *dst = json_array_sized_new (n);

        for (guint i = 0; i < n; i++)
          json_array_add_element (dst, sb_json_deep_copy (json_array_get_element (src, i)));
        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, dst);
        return copy;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      {
        /* Scalars: json_node_copy copies the value itself. */
        copy = json_node_copy (node);
        if (json_node_is_immutable (copy))
          {
            JsonNode *mutable_copy = json_node_new (json_node_get_node_type (copy));
            if (JSON_NODE_HOLDS_VALUE (copy))
              {
                GValue v = G_VALUE_INIT;
                json_node_get_value (copy, &v);
                json_node_set_value (mutable_copy, &v);
                g_value_unset (&v);
              }
            json_node_unref (copy);
            copy = mutable_copy;
          }
        return copy;
      }
    }
}

JsonObject *
sb_json_object_dup (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) copy = NULL;

  json_node_set_object (node, object);
  copy = sb_json_deep_copy (node);
  return json_node_dup_object (copy);
}

JsonArray *
sb_json_array_dup (JsonArray *array)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonNode) copy = NULL;

  json_node_set_array (node, array);
  copy = sb_json_deep_copy (node);
  return json_node_dup_array (copy);
}

JsonNode *
sb_json_node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

JsonObject *
sb_json_id_name (const char *id,
                 const char *name)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", id != NULL ? id : "");
  json_object_set_string_member (object, "name", name != NULL ? name : "");
  return object;
}

void
sb_json_set_now (JsonObject *object,
                 const char *member)
{
  g_autofree char *now = sb_format_time (sb_now_ms ());

  json_object_set_string_member (object, member, now);
}

JsonObject *
sb_json_read_object_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  node = sb_json_parse_bytes (bytes, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_dup_object (node);
}

gboolean
sb_json_write_object_file (const char  *path,
                           JsonObject  *object,
                           GError     **error)
{
  g_autoptr(JsonNode) node = sb_json_node_take_object (json_object_ref (object));
  g_autoptr(GBytes) bytes = sb_json_to_bytes (node, FALSE);

  return sb_write_file_atomic (path, bytes, error);
}
