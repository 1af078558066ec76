/* test-json.c: ferry-json, the member getters and the deep copy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-core.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = parse (text);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static char *
to_string (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Deep copy                                                                  */
/* ------------------------------------------------------------------------ */

static const char tree[] =
  "{\"a\": [{\"b\": {\"c\": 1, \"s\": \"text\", \"t\": true, \"d\": 2.5, \"n\": null}}, [1, 2]],"
  " \"o\": {\"p\": \"q\"}, \"e\": {}, \"z\": []}";

static void
test_copy_node_deep (void)
{
  g_autoptr(JsonNode) original = parse (tree);
  g_autofree char *before = to_string (original);
  g_autoptr(JsonNode) copy = ferry_json_node_copy_deep (original);
  g_autofree char *copied = to_string (copy);
  g_autofree char *after = NULL;
  JsonArray *a;
  JsonObject *b;

  g_assert_cmpstr (copied, ==, before);
  g_assert_true (json_node_equal (copy, original));

  /* Depth 3: an object in an object in an array in the object. */
  a = json_object_get_array_member (json_node_get_object (copy), "a");
  b = json_object_get_object_member (json_array_get_object_element (a, 0), "b");
  json_object_set_int_member (b, "c", 42);
  json_object_remove_member (b, "s");
  json_object_set_string_member (b, "new", "member");
  /* A scalar node changed in place. */
  json_node_set_boolean (json_object_get_member (b, "t"), FALSE);
  json_node_set_double (json_object_get_member (b, "d"), -1.0);
  /* An array in an array, another object, an empty one. */
  json_array_add_int_element (json_array_get_array_element (a, 1), 3);
  json_array_remove_element (a, 0);
  json_object_set_string_member (json_object_get_object_member (json_node_get_object (copy), "o"), "p", "r");
  json_object_set_null_member (json_object_get_object_member (json_node_get_object (copy), "e"), "x");
  json_array_add_null_element (json_object_get_array_member (json_node_get_object (copy), "z"));

  after = to_string (original);
  g_assert_cmpstr (after, ==, before);
}

static void
test_copy_object_deep (void)
{
  g_autoptr(JsonObject) original = parse_object (tree);
  g_autoptr(JsonObject) copy = ferry_json_object_copy_deep (original);
  g_autoptr(JsonNode) original_node = json_node_init_object (json_node_alloc (), original);
  g_autofree char *before = to_string (original_node);
  g_autofree char *after = NULL;
  JsonObject *b;

  g_assert_true (copy != original);
  g_assert_true (json_object_equal (copy, original));
  b = json_object_get_object_member (json_array_get_object_element (json_object_get_array_member (copy, "a"), 0),
                                     "b");
  json_object_set_string_member (b, "s", "changed");
  json_node_set_int (json_object_get_member (b, "c"), 7);
  json_object_set_boolean_member (json_object_get_object_member (copy, "o"), "replicated", TRUE);

  after = to_string (original_node);
  g_assert_cmpstr (after, ==, before);
  g_assert_null (json_object_get_member (json_object_get_object_member (original, "o"), "replicated"));
}

static void
test_copy_scalars (void)
{
  g_autoptr(JsonNode) text = json_node_init_string (json_node_alloc (), "original");
  g_autoptr(JsonNode) text_copy = ferry_json_node_copy_deep (text);
  g_autoptr(JsonNode) number = json_node_init_int (json_node_alloc (), 5);
  g_autoptr(JsonNode) number_copy = ferry_json_node_copy_deep (number);
  g_autoptr(JsonNode) null = json_node_init_null (json_node_alloc ());
  g_autoptr(JsonNode) null_copy = ferry_json_node_copy_deep (null);

  g_assert_null (ferry_json_node_copy_deep (NULL));

  json_node_set_string (text_copy, "changed");
  g_assert_cmpstr (json_node_get_string (text), ==, "original");
  json_node_set_int (number_copy, 6);
  g_assert_cmpint (json_node_get_int (number), ==, 5);
  g_assert_true (JSON_NODE_HOLDS_NULL (null_copy));
}

static void
test_copy_array_deep (void)
{
  g_autoptr(JsonNode) node = parse ("[[{\"x\": [1]}]]");
  g_autoptr(JsonArray) copy = ferry_json_array_copy_deep (json_node_get_array (node));
  g_autofree char *after = NULL;
  JsonObject *x;

  x = json_array_get_object_element (json_array_get_array_element (copy, 0), 0);
  json_array_add_int_element (json_object_get_array_member (x, "x"), 2);
  after = to_string (node);
  g_assert_cmpstr (after, ==, "[[{\"x\":[1]}]]");
}

/* ------------------------------------------------------------------------ */
/* Getters                                                                    */
/* ------------------------------------------------------------------------ */

static const char members[] =
  "{\"s\": \"text\", \"empty\": \"\", \"i\": 12, \"neg\": -3, \"d\": 2.75, \"si\": \"34\","
  " \"sbad\": \"3x\", \"sneg\": \"-7\", \"big\": 9000000000, \"dbig\": 1e30, \"t\": true, \"f\": false,"
  " \"n\": null, \"o\": {\"k\": 1}, \"a\": [1, 2], \"st\": \"true\"}";

static void
test_get_string (void)
{
  g_autoptr(JsonObject) o = parse_object (members);
  g_autofree char *dup = NULL;
  g_autofree char *dup_empty = NULL;
  g_autofree char *dup_absent = NULL;
  g_autofree char *dup_number = NULL;

  g_assert_cmpstr (ferry_json_get_string (o, "s"), ==, "text");
  g_assert_cmpstr (ferry_json_get_string (o, "empty"), ==, "");
  g_assert_cmpstr (ferry_json_get_string (o, "si"), ==, "34");
  g_assert_null (ferry_json_get_string (o, "absent"));
  g_assert_null (ferry_json_get_string (o, "n"));
  g_assert_null (ferry_json_get_string (o, "i"));
  g_assert_null (ferry_json_get_string (o, "t"));
  g_assert_null (ferry_json_get_string (o, "o"));
  g_assert_null (ferry_json_get_string (o, "a"));
  g_assert_null (ferry_json_get_string (NULL, "s"));

  dup = ferry_json_dup_string (o, "s");
  g_assert_cmpstr (dup, ==, "text");
  g_assert_true (dup != ferry_json_get_string (o, "s"));
  dup_empty = ferry_json_dup_string (o, "empty");
  g_assert_null (dup_empty);
  dup_absent = ferry_json_dup_string (o, "absent");
  g_assert_null (dup_absent);
  dup_number = ferry_json_dup_string (o, "i");
  g_assert_null (dup_number);
}

static void
test_get_int (void)
{
  g_autoptr(JsonObject) o = parse_object (members);
  gint64 v = 99;

  g_assert_true (ferry_json_get_int (o, "i", &v));
  g_assert_cmpint (v, ==, 12);
  g_assert_true (ferry_json_get_int (o, "neg", &v));
  g_assert_cmpint (v, ==, -3);
  /* A double is truncated, a decimal string read. */
  g_assert_true (ferry_json_get_int (o, "d", &v));
  g_assert_cmpint (v, ==, 2);
  g_assert_true (ferry_json_get_int (o, "si", &v));
  g_assert_cmpint (v, ==, 34);
  g_assert_true (ferry_json_get_int (o, "sneg", &v));
  g_assert_cmpint (v, ==, -7);
  g_assert_true (ferry_json_get_int (o, "big", &v));
  g_assert_cmpint (v, ==, G_GINT64_CONSTANT (9000000000));

  /* Absent, null, wrong types, a bad string, beyond gint64: *OUT kept. */
  v = 99;
  g_assert_false (ferry_json_get_int (o, "absent", &v));
  g_assert_false (ferry_json_get_int (o, "n", &v));
  g_assert_false (ferry_json_get_int (o, "s", &v));
  g_assert_false (ferry_json_get_int (o, "empty", &v));
  g_assert_false (ferry_json_get_int (o, "sbad", &v));
  g_assert_false (ferry_json_get_int (o, "t", &v));
  g_assert_false (ferry_json_get_int (o, "o", &v));
  g_assert_false (ferry_json_get_int (o, "a", &v));
  g_assert_false (ferry_json_get_int (o, "dbig", &v));
  g_assert_false (ferry_json_get_int (NULL, "i", &v));
  g_assert_cmpint (v, ==, 99);
}

static void
test_get_int_range (void)
{
  g_autoptr(JsonObject) o = parse_object (members);
  gint64 v = 99;

  g_assert_true (ferry_json_get_int_range (o, "i", 0, 12, &v));
  g_assert_cmpint (v, ==, 12);
  g_assert_true (ferry_json_get_int_range (o, "si", 34, 34, &v));
  g_assert_cmpint (v, ==, 34);

  v = 99;
  /* Out of range: as an integer, a double, a string, a big number. */
  g_assert_false (ferry_json_get_int_range (o, "i", 0, 11, &v));
  g_assert_false (ferry_json_get_int_range (o, "i", 13, 100, &v));
  g_assert_false (ferry_json_get_int_range (o, "neg", 0, G_MAXINT32, &v));
  g_assert_false (ferry_json_get_int_range (o, "d", 3, 10, &v));
  g_assert_false (ferry_json_get_int_range (o, "si", 0, 33, &v));
  g_assert_false (ferry_json_get_int_range (o, "sneg", 0, 10, &v));
  g_assert_false (ferry_json_get_int_range (o, "big", G_MININT32, G_MAXINT32, &v));
  g_assert_false (ferry_json_get_int_range (o, "absent", 0, 100, &v));
  g_assert_false (ferry_json_get_int_range (o, "n", 0, 100, &v));
  g_assert_false (ferry_json_get_int_range (o, "s", 0, 100, &v));
  g_assert_cmpint (v, ==, 99);
}

static void
test_get_double (void)
{
  g_autoptr(JsonObject) o = parse_object (members);

  g_assert_cmpfloat (ferry_json_get_double (o, "d", -1.0), ==, 2.75);
  g_assert_cmpfloat (ferry_json_get_double (o, "i", -1.0), ==, 12.0);
  g_assert_cmpfloat (ferry_json_get_double (o, "dbig", -1.0), ==, 1e30);
  g_assert_cmpfloat (ferry_json_get_double (o, "absent", -1.0), ==, -1.0);
  g_assert_cmpfloat (ferry_json_get_double (o, "n", -1.0), ==, -1.0);
  /* A number in a string is no number here. */
  g_assert_cmpfloat (ferry_json_get_double (o, "si", -1.0), ==, -1.0);
  g_assert_cmpfloat (ferry_json_get_double (o, "t", -1.0), ==, -1.0);
  g_assert_cmpfloat (ferry_json_get_double (o, "o", -1.0), ==, -1.0);
  g_assert_cmpfloat (ferry_json_get_double (NULL, "d", 5.0), ==, 5.0);
}

static void
test_get_boolean (void)
{
  g_autoptr(JsonObject) o = parse_object (members);
  gboolean b = 7;

  g_assert_true (ferry_json_get_boolean (o, "t", &b));
  g_assert_true (b);
  g_assert_true (ferry_json_get_boolean (o, "f", &b));
  g_assert_false (b);

  b = 7;
  g_assert_false (ferry_json_get_boolean (o, "absent", &b));
  g_assert_false (ferry_json_get_boolean (o, "n", &b));
  g_assert_false (ferry_json_get_boolean (o, "st", &b));
  g_assert_false (ferry_json_get_boolean (o, "i", &b));
  g_assert_false (ferry_json_get_boolean (o, "o", &b));
  g_assert_false (ferry_json_get_boolean (NULL, "t", &b));
  g_assert_cmpint (b, ==, 7);
}

static void
test_get_object_array (void)
{
  g_autoptr(JsonObject) o = parse_object (members);
  JsonObject *inner;
  JsonArray *array;

  inner = ferry_json_get_object (o, "o");
  g_assert_nonnull (inner);
  g_assert_true (inner == json_object_get_object_member (o, "o"));
  g_assert_null (ferry_json_get_object (o, "a"));
  g_assert_null (ferry_json_get_object (o, "s"));
  g_assert_null (ferry_json_get_object (o, "n"));
  g_assert_null (ferry_json_get_object (o, "absent"));
  g_assert_null (ferry_json_get_object (NULL, "o"));

  array = ferry_json_get_array (o, "a");
  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_null (ferry_json_get_array (o, "o"));
  g_assert_null (ferry_json_get_array (o, "i"));
  g_assert_null (ferry_json_get_array (o, "n"));
  g_assert_null (ferry_json_get_array (o, "absent"));
  g_assert_null (ferry_json_get_array (NULL, "a"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/copy/node-deep", test_copy_node_deep);
  g_test_add_func ("/json/copy/object-deep", test_copy_object_deep);
  g_test_add_func ("/json/copy/array-deep", test_copy_array_deep);
  g_test_add_func ("/json/copy/scalars", test_copy_scalars);
  g_test_add_func ("/json/get/string", test_get_string);
  g_test_add_func ("/json/get/int", test_get_int);
  g_test_add_func ("/json/get/int-range", test_get_int_range);
  g_test_add_func ("/json/get/double", test_get_double);
  g_test_add_func ("/json/get/boolean", test_get_boolean);
  g_test_add_func ("/json/get/object-array", test_get_object_array);

  return g_test_run ();
}
