/* ferry-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-json"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-json.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* Bounded parsing                                                            */
/* ------------------------------------------------------------------------ */

gboolean
ferry_json_check_depth (const char *data,
                        gsize       len,
                        guint       max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  for (gsize i = 0; i < len; i++)
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
      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            return FALSE;
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }
  return TRUE;
}

JsonNode *
ferry_json_parse (const char *data,
                  gssize      len,
                  GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  gsize size;
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);

  size = len < 0 ? strlen (data) : (gsize) len;
  if (!ferry_json_check_depth (data, size, FERRY_JSON_MAX_DEPTH))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   _("The JSON is nested too deeply (over %u levels)"), FERRY_JSON_MAX_DEPTH);
      return NULL;
    }
  /* Mutable: callers may change the answers they keep. */
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, error))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL ? json_node_ref (root) : NULL;
}

/* ------------------------------------------------------------------------ */
/* Deep copies                                                                */
/* ------------------------------------------------------------------------ */

JsonArray *
ferry_json_array_copy_deep (JsonArray *array)
{
  JsonArray *copy;
  guint n;

  g_return_val_if_fail (array != NULL, NULL);

  n = json_array_get_length (array);
  copy = json_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    json_array_add_element (copy, ferry_json_node_copy_deep (json_array_get_element (array, i)));
  return copy;
}

JsonObject *
ferry_json_object_copy_deep (JsonObject *object)
{
  g_autoptr(GList) names = NULL;
  JsonObject *copy;

  g_return_val_if_fail (object != NULL, NULL);

  /* In the members' order (a JsonObjectIter goes in hash order), so the
   * copy serializes as the original does. */
  copy = json_object_new ();
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_member (copy, l->data,
                            ferry_json_node_copy_deep (json_object_get_member (object, l->data)));
  return copy;
}

JsonNode *
ferry_json_node_copy_deep (JsonNode *node)
{
  JsonNode *copy;

  if (node == NULL)
    return NULL;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, ferry_json_object_copy_deep (json_node_get_object (node)));
      return copy;

    case JSON_NODE_ARRAY:
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, ferry_json_array_copy_deep (json_node_get_array (node)));
      return copy;

    case JSON_NODE_VALUE:
      /* json_node_copy() shares the JsonValue too: json_node_set_*() on
       * the copy would change the original. A new value for each. */
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          return json_node_init_int (json_node_alloc (), json_node_get_int (node));
        case G_TYPE_DOUBLE:
          return json_node_init_double (json_node_alloc (), json_node_get_double (node));
        case G_TYPE_BOOLEAN:
          return json_node_init_boolean (json_node_alloc (), json_node_get_boolean (node));
        case G_TYPE_STRING:
          return json_node_init_string (json_node_alloc (), json_node_get_string (node));
        default:
          return json_node_copy (node);
        }

    case JSON_NODE_NULL:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

/* ------------------------------------------------------------------------ */
/* Member getters                                                             */
/* ------------------------------------------------------------------------ */

static JsonNode *
value_member (JsonObject *object,
              const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  return node;
}

const char *
ferry_json_get_string (JsonObject *object,
                       const char *member)
{
  JsonNode *node = value_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

char *
ferry_json_dup_string (JsonObject *object,
                       const char *member)
{
  const char *s = ferry_json_get_string (object, member);

  return (s != NULL && *s != '\0') ? g_strdup (s) : NULL;
}

gboolean
ferry_json_get_int_range (JsonObject *object,
                          const char *member,
                          gint64      min,
                          gint64      max,
                          gint64     *out)
{
  JsonNode *node = value_member (object, member);
  gint64 value;

  g_return_val_if_fail (out != NULL, FALSE);

  if (node == NULL)
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      value = json_node_get_int (node);
      break;
    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        /* NaN and values beyond gint64 are no integers. */
        if (!(d >= -9.2e18 && d <= 9.2e18))
          return FALSE;
        value = (gint64) d;
      }
      break;
    case G_TYPE_STRING:
      if (!g_ascii_string_to_signed (json_node_get_string (node), 10, min, max, &value, NULL))
        return FALSE;
      break;
    default:
      return FALSE;
    }
  if (value < min || value > max)
    return FALSE;
  *out = value;
  return TRUE;
}

gboolean
ferry_json_get_int (JsonObject *object,
                    const char *member,
                    gint64     *out)
{
  return ferry_json_get_int_range (object, member, G_MININT64, G_MAXINT64, out);
}

double
ferry_json_get_double (JsonObject *object,
                       const char *member,
                       double      default_value)
{
  JsonNode *node = value_member (object, member);

  if (node == NULL)
    return default_value;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (double) json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      return default_value;
    }
}

gboolean
ferry_json_get_boolean (JsonObject *object,
                        const char *member,
                        gboolean   *out)
{
  JsonNode *node = value_member (object, member);

  g_return_val_if_fail (out != NULL, FALSE);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

JsonObject *
ferry_json_get_object (JsonObject *object,
                       const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

JsonArray *
ferry_json_get_array (JsonObject *object,
                      const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}
