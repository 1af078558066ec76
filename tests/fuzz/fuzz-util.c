/* fuzz-util.c: a deterministic mutation loop for Ferry's parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-util.h"

#include <errno.h>
#include <fcntl.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/* --- Keeping the input of a crash ------------------------------------------ */

/* Read by the signal handler: plain globals, set before each run. */
static const guint8 *volatile crash_data;
static volatile gsize crash_size;
static char crash_path[4096];
static struct sigaction old_actions[NSIG];
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };

static void
write_all (int          fd,
           const void  *data,
           gsize        size)
{
  const char *p = data;

  while (size > 0)
    {
      ssize_t n = write (fd, p, size);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      p += n;
      size -= (gsize) n;
    }
}

/* Async-signal-safe: open, write, close. */
static void
save_crash_input (void)
{
  const guint8 *data = crash_data;
  int fd;
  static const char before[] = "\nfuzz: the input that failed is in ";

  if (data == NULL || crash_path[0] == '\0')
    return;
  crash_data = NULL;  /* once */
  fd = open (crash_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return;
  write_all (fd, data, crash_size);
  close (fd);
  write_all (STDERR_FILENO, before, sizeof before - 1);
  write_all (STDERR_FILENO, crash_path, strlen (crash_path));
  write_all (STDERR_FILENO, "\n", 1);
}

static void
crash_handler (int sig)
{
  save_crash_input ();
  /* Back to the handler there was (a sanitizer's, or the default): a
   * fault happens again on return, abort() raises again. */
  sigaction (sig, &old_actions[sig], NULL);
}

/* AddressSanitizer and UBSan call this before they end the process. */
void __sanitizer_set_death_callback (void (*callback) (void)) __attribute__ ((weak));

static void
install_crash_handlers (void)
{
  static gboolean installed;
  static char alt_stack[1 << 16];
  stack_t ss = { .ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0 };
  struct sigaction sa;

  if (installed)
    return;
  installed = TRUE;

  /* A stack overflow needs a stack of its own to report on. */
  sigaltstack (&ss, NULL);
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = crash_handler;
  sa.sa_flags = SA_ONSTACK;
  sigemptyset (&sa.sa_mask);
  for (gsize i = 0; i < G_N_ELEMENTS (crash_signals); i++)
    sigaction (crash_signals[i], &sa, &old_actions[crash_signals[i]]);

  if (__sanitizer_set_death_callback != NULL)
    __sanitizer_set_death_callback (save_crash_input);
}

/* --- Corpus ------------------------------------------------------------------ */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
fuzz_load_dir (const char *kind,
               const char *name)
{
  g_autofree char *path = g_build_filename (g_test_get_dir (G_TEST_DIST), "fuzz", kind, name, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *samples = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    if (entry[0] != '.')
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, names->pdata[i], NULL);
      g_autoptr(GError) error = NULL;
      char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (file, &contents, &length, &error))
        g_error ("fuzz: %s", error->message);
      g_ptr_array_add (samples, g_bytes_new_take (contents, length));
    }
  return samples;
}

/* --- Mutations ----------------------------------------------------------------- */

typedef struct
{
  GRand      *rand;
  GPtrArray  *corpus;       /* GBytes */
  GPtrArray  *strings;      /* every string and member name of the corpus */
  gsize       max_size;
  gsize       header_bytes;
  gboolean    json;
} Mutator;

static const char * const tokens[] = {
  "null", "true", "false", "0", "-1", "1e999", "-1e999", "1.5", "1e-400",
  "9223372036854775807", "9223372036854775808", "-9223372036854775809",
  "18446744073709551616", "340282366920938463463374607431768211456",
  "\"\"", "{}", "[]", "[[[[[[[[", "]]]]]]]]", "{\"\":", "\"\\u0000\"", "\"\\ud800\"",
  "\\", "\"", ",", ":", "{", "}", "[", "]", "\xff", "\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80",
  "\xc0\x80", "%00", "%2e%2e/", "%2F", "/../", "//", "?", "&", "=", "#", "%", "%zz",
  "?limit=-1", "&offset=99999999999999999999", "?limit=2147483648", "&type=-1",
  ";", "\r\n", " ", "\t", "\n",
};

static const char * const strings[] = {
  "", " ", "../../../../etc/passwd", "..", "/", "\\", "%s%s%s%n", "null",
  "00000000000000000000000000000000", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
  "B19DEDCC11D4E0EFC000EB9495D0F44F", "54F3D26011D2896560009A8E67019608",
  "2024-02-30T25:61:61.000+0000", "1970-01-01T00:00:00.000+9999", "-1", "1e999",
};

static guint
rand_below (Mutator *m,
            guint    n)
{
  return n == 0 ? 0 : (guint) g_rand_int_range (m->rand, 0, (gint32) MIN (n, (guint) G_MAXINT32));
}

static void
collect_strings (JsonNode  *node,
                 GPtrArray *out,
                 guint      depth)
{
  if (depth > 64)
    return;
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          {
            g_ptr_array_add (out, g_strdup (name));
            collect_strings (member, out, depth + 1);
          }
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (array); i++)
          collect_strings (json_array_get_element (array, i), out, depth + 1);
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING && strlen (json_node_get_string (node)) < 200)
        g_ptr_array_add (out, g_strdup (json_node_get_string (node)));
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

static JsonNode *
parse_json (const guint8 *data,
            gsize         size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (size == 0 || !g_utf8_validate ((const char *) data, (gssize) size, NULL))
    return NULL;
  if (!json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root ? json_node_ref (root) : NULL;
}

/* A node of the tree and where it hangs: json-glib 1.6 reads a freed value
 * when a value node is initialised again (json_node_init_string() after
 * json_node_init_int()), so changes build a new node and put it in the
 * parent's place. */
typedef struct
{
  JsonNode   *node;
  JsonNode   *parent;   /* NULL for the root */
  const char *name;     /* in an object parent */
  guint       index;    /* in an array parent */
} Place;

static void
collect_nodes (JsonNode   *node,
               JsonNode   *parent,
               const char *name,
               guint       index,
               GArray     *out,
               guint       depth)
{
  Place place = { node, parent, name, index };

  g_array_append_val (out, place);
  if (depth > 700)
    return;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member_name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member_name, &member))
        collect_nodes (member, node, member_name, 0, out, depth + 1);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_nodes (json_array_get_element (array, i), node, NULL, i, out, depth + 1);
    }
}

static const char *
random_string (Mutator *m)
{
  if (m->strings->len > 0 && g_rand_boolean (m->rand))
    return m->strings->pdata[rand_below (m, m->strings->len)];
  return strings[rand_below (m, G_N_ELEMENTS (strings))];
}

/* A deep copy (json_node_copy() shares objects and arrays). */
static JsonNode *
deep_copy (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  JsonNode *copy = json_from_string (text, NULL);

  return copy != NULL ? copy : json_node_new (JSON_NODE_NULL);
}

/* Puts REPLACEMENT (taken) in PLACE (*ROOT replaced when PLACE is the
 * root). */
static void
replace (JsonNode   **root,
         const Place *place,
         JsonNode    *replacement)
{
  if (place->parent == NULL)
    {
      json_node_unref (*root);
      *root = replacement;
    }
  else if (JSON_NODE_HOLDS_OBJECT (place->parent))
    {
      g_autofree char *name = g_strdup (place->name);
      json_object_set_member (json_node_get_object (place->parent), name, replacement);
    }
  else
    {
      JsonArray *old = json_node_get_array (place->parent);
      g_autoptr(JsonArray) array = json_array_new ();

      for (guint i = 0; i < json_array_get_length (old); i++)
        json_array_add_element (array, i == place->index ? replacement
                                                         : json_node_ref (json_array_get_element (old, i)));
      json_node_set_array (place->parent, array);
    }
}

static JsonNode *
new_value (Mutator *m)
{
  switch (rand_below (m, 7))
    {
    case 0: return json_node_new (JSON_NODE_NULL);
    case 1: return json_node_init_boolean (json_node_alloc (), g_rand_boolean (m->rand));
    case 2: return json_node_init_string (json_node_alloc (), random_string (m));
    case 3: return json_node_init_int (json_node_alloc (), (gint64) g_rand_int (m->rand) - G_MAXINT32);
    case 4: return json_node_init_double (json_node_alloc (), g_rand_double_range (m->rand, -1e6, 1e6));
    case 5:
      {
        g_autoptr(JsonObject) object = json_object_new ();
        return json_node_init_object (json_node_alloc (), object);
      }
    default:
      {
        g_autoptr(JsonArray) array = json_array_new ();
        return json_node_init_array (json_node_alloc (), array);
      }
    }
}

/* One JSON-aware change of *ROOT. */
static void
mutate_json_tree (Mutator   *m,
                  JsonNode **root)
{
  g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (Place));
  Place place;
  JsonNode *node;

  collect_nodes (*root, NULL, NULL, 0, places, 0);
  place = g_array_index (places, Place, rand_below (m, places->len));
  node = place.node;

  switch (rand_below (m, 9))
    {
    case 0: /* nest deeper: a few levels, now and then several hundred */
      {
        guint levels = g_rand_int_range (m->rand, 0, 8) == 0 ? g_rand_int_range (m->rand, 100, 2000)
                                                             : g_rand_int_range (m->rand, 1, 8);
        JsonNode *nested = json_node_ref (node);

        for (guint i = 0; i < levels; i++)
          {
            if (g_rand_boolean (m->rand))
              {
                g_autoptr(JsonArray) array = json_array_new ();
                json_array_add_element (array, nested);
                nested = json_node_init_array (json_node_alloc (), array);
              }
            else
              {
                g_autoptr(JsonObject) object = json_object_new ();
                json_object_set_member (object, random_string (m), nested);
                nested = json_node_init_object (json_node_alloc (), object);
              }
          }
        replace (root, &place, nested);
      }
      break;
    case 1: /* another type */
      replace (root, &place, new_value (m));
      break;
    case 2: /* huge and odd numbers */
      {
        static const gint64 ints[] = { G_MAXINT64, G_MININT64, G_MAXINT32, (gint64) G_MAXINT32 + 1,
                                       G_MININT32, (gint64) G_MAXUINT32 + 1, -1, 0 };
        static const double doubles[] = { 1e308, -1e308, 4.9e-324, -0.0, 0.5, 1e19, -1e19 };
        if (g_rand_boolean (m->rand))
          replace (root, &place, json_node_init_int (json_node_alloc (), ints[rand_below (m, G_N_ELEMENTS (ints))]));
        else
          replace (root, &place, json_node_init_double (json_node_alloc (),
                                                        doubles[rand_below (m, G_N_ELEMENTS (doubles))]));
      }
      break;
    case 3: /* a string from the corpus or a hostile one */
      replace (root, &place, json_node_init_string (json_node_alloc (), random_string (m)));
      break;
    case 4: /* a long string */
      {
        g_autofree char *text = g_strnfill (g_rand_int_range (m->rand, 256, 70000), 'A');
        replace (root, &place, json_node_init_string (json_node_alloc (), text));
      }
      break;
    case 5: /* duplicate a value: an array element again, or in a new member */
      if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
        {
          JsonArray *array = json_node_get_array (node);
          JsonNode *element = json_array_get_element (array, rand_below (m, json_array_get_length (array)));
          guint copies = g_rand_int_range (m->rand, 1, 4) * (g_rand_int_range (m->rand, 0, 10) == 0 ? 50 : 1);
          for (guint i = 0; i < copies; i++)
            json_array_add_element (array, deep_copy (element));
        }
      else if (JSON_NODE_HOLDS_OBJECT (node) && json_object_get_size (json_node_get_object (node)) > 0)
        {
          JsonObject *object = json_node_get_object (node);
          g_autoptr(GList) members = json_object_get_members (object);
          const char *name = g_list_nth_data (members, rand_below (m, g_list_length (members)));
          JsonNode *value = deep_copy (json_object_get_member (object, name));
          g_autofree char *new_name = g_strdup (random_string (m));
          json_object_set_member (object, new_name, value);
        }
      break;
    case 6: /* remove a member or an element */
      if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
        {
          JsonArray *array = json_node_get_array (node);
          json_array_remove_element (array, rand_below (m, json_array_get_length (array)));
        }
      else if (JSON_NODE_HOLDS_OBJECT (node) && json_object_get_size (json_node_get_object (node)) > 0)
        {
          JsonObject *object = json_node_get_object (node);
          g_autoptr(GList) members = json_object_get_members (object);
          g_autofree char *name = g_strdup (g_list_nth_data (members, rand_below (m, g_list_length (members))));
          json_object_remove_member (object, name);
        }
      break;
    case 7: /* rename a member */
      if (JSON_NODE_HOLDS_OBJECT (node) && json_object_get_size (json_node_get_object (node)) > 0)
        {
          JsonObject *object = json_node_get_object (node);
          g_autoptr(GList) members = json_object_get_members (object);
          g_autofree char *name = g_strdup (g_list_nth_data (members, rand_below (m, g_list_length (members))));
          g_autofree char *new_name = g_strdup (random_string (m));
          JsonNode *value = deep_copy (json_object_get_member (object, name));
          json_object_remove_member (object, name);
          json_object_set_member (object, new_name, value);
        }
      break;
    default: /* a value from elsewhere in the tree */
      replace (root, &place, deep_copy (g_array_index (places, Place, rand_below (m, places->len)).node));
      break;
    }
}

static gsize
header_size (Mutator          *m,
             const GByteArray *buf)
{
  if (m->header_bytes != (gsize) -1)
    return MIN (m->header_bytes, buf->len);
  /* A request: its line and headers, up to the blank line. */
  for (gsize i = 0; i + 1 < buf->len; i++)
    if (buf->data[i] == '\n' && buf->data[i + 1] == '\n')
      return i + 2;
  return buf->len;
}

/* BUF's JSON part (after its header) changed by mutate_json_tree(); FALSE
 * when it is no JSON. */
static gboolean
mutate_json (Mutator    *m,
             GByteArray *buf)
{
  gsize head = header_size (m, buf);
  g_autoptr(JsonNode) root = parse_json (buf->data + head, buf->len - head);
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  if (root == NULL)
    return FALSE;
  mutate_json_tree (m, &root);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, g_rand_boolean (m->rand));
  text = json_generator_to_data (generator, &length);
  g_byte_array_set_size (buf, head);
  g_byte_array_append (buf, (const guint8 *) text, length);
  return TRUE;
}

/* DATA must not point into BUF. */
static void
buf_insert (GByteArray   *buf,
            guint         pos,
            const guint8 *data,
            guint         n)
{
  guint old = buf->len;

  g_byte_array_set_size (buf, old + n);
  memmove (buf->data + pos + n, buf->data + pos, old - pos);
  memcpy (buf->data + pos, data, n);
}

static void
mutate_bytes (Mutator    *m,
              GByteArray *buf)
{
  guint pos = rand_below (m, buf->len + 1);

  switch (rand_below (m, 8))
    {
    case 0: /* flip a bit */
      if (buf->len > 0)
        buf->data[pos % buf->len] ^= (guint8) (1u << rand_below (m, 8));
      break;
    case 1: /* a random byte */
      if (buf->len > 0)
        buf->data[pos % buf->len] = (guint8) rand_below (m, 256);
      break;
    case 2: /* insert random bytes */
      {
        guint8 bytes[16];
        guint n = g_rand_int_range (m->rand, 1, sizeof bytes + 1);
        for (guint i = 0; i < n; i++)
          bytes[i] = (guint8) rand_below (m, 256);
        buf_insert (buf, pos, bytes, n);
      }
      break;
    case 3: /* delete a range */
      if (buf->len > 0)
        {
          guint start = pos % buf->len;
          guint want = (guint) g_rand_int_range (m->rand, 1, 64);  /* not inside MIN () */
          guint n = MIN (buf->len - start, want);
          g_byte_array_remove_range (buf, start, n);
        }
      break;
    case 4: /* duplicate a range */
      if (buf->len > 0)
        {
          guint start = rand_below (m, buf->len);
          guint want = (guint) g_rand_int_range (m->rand, 1, 256);
          guint n = MIN (buf->len - start, want);
          g_autofree guint8 *copy = g_memdup2 (buf->data + start, n);
          buf_insert (buf, pos, copy, n);
        }
      break;
    case 5: /* splice: this up to POS, another sample from somewhere on */
      {
        GBytes *other = m->corpus->pdata[rand_below (m, m->corpus->len)];
        gsize other_len = 0;
        const guint8 *other_data = g_bytes_get_data (other, &other_len);
        guint from = rand_below (m, other_len);
        g_byte_array_set_size (buf, pos);
        g_byte_array_append (buf, other_data + from, other_len - from);
      }
      break;
    case 6: /* truncate */
      g_byte_array_set_size (buf, pos);
      break;
    default: /* insert a token */
      {
        const char *token = tokens[rand_below (m, G_N_ELEMENTS (tokens))];
        buf_insert (buf, pos, (const guint8 *) token, strlen (token));
      }
      break;
    }
}

static GByteArray *
mutate (Mutator *m)
{
  GBytes *sample = m->corpus->pdata[rand_below (m, m->corpus->len)];
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (sample, &len);
  GByteArray *buf = g_byte_array_sized_new ((guint) len + 64);
  guint rounds = g_rand_int_range (m->rand, 1, 5);

  g_byte_array_append (buf, data, (guint) len);
  for (guint i = 0; i < rounds; i++)
    {
      /* JSON targets: mostly well-formed JSON of the wrong shape, now and
       * then broken bytes. */
      if (m->json && rand_below (m, 10) < 7 && mutate_json (m, buf))
        continue;
      mutate_bytes (m, buf);
    }
  if (buf->len > m->max_size)
    g_byte_array_set_size (buf, (guint) m->max_size);
  return buf;
}

/* --- The loop ------------------------------------------------------------------ */

static guint64
env_number (const char *name,
            guint64     default_value)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text == NULL || *text == '\0' || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &value, NULL))
    return default_value;
  return value;
}

static void
run_one (const FuzzTarget *target,
         const guint8     *data,
         gsize             size)
{
  /* A copy of exactly SIZE bytes, so that a read past the end is seen
   * by AddressSanitizer (never NULL: an empty file reads as "" too). */
  g_autofree guint8 *copy = g_malloc (MAX (size, 1));

  if (size > 0)
    memcpy (copy, data, size);
  crash_size = size;
  crash_data = copy;
  target->func (copy, size, target->user_data);
  crash_data = NULL;
}

static void
replay (const FuzzTarget *target,
        const char       *kind,
        GPtrArray        *samples)
{
  for (guint i = 0; i < samples->len; i++)
    {
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (samples->pdata[i], &size);
      run_one (target, data, size);
    }
  g_test_message ("%s: %u %s samples replayed", target->name, samples->len, kind);
}

void
fuzz_run (const FuzzTarget *target)
{
  g_autoptr(GPtrArray) regressions = fuzz_load_dir ("regressions", target->name);
  g_autoptr(GPtrArray) corpus = fuzz_load_dir ("corpus", target->name);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = NULL;
  g_autofree char *dir = NULL;
  guint32 seed = (guint32) env_number ("FERRY_FUZZ_SEED", 13);
  guint64 iterations = env_number ("FERRY_FUZZ_ITERATIONS", target->iterations);
  double seconds = (double) env_number ("FERRY_FUZZ_SECONDS", 0);
  Mutator m = { 0 };
  gint64 start, deadline;
  guint64 i;

  install_crash_handlers ();
  if (seconds <= 0)
    seconds = target->seconds;
  dir = g_strdup (g_getenv ("FERRY_FUZZ_CRASH_DIR"));
  if (dir == NULL)
    dir = g_build_filename (g_test_get_dir (G_TEST_BUILT), "fuzz-crashes", NULL);
  g_mkdir_with_parents (dir, 0755);
  {
    g_autofree char *path = g_strdup_printf ("%s/%s.crash", dir, target->name);
    g_strlcpy (crash_path, path, sizeof crash_path);
  }

  g_assert_cmpuint (corpus->len, >, 0);
  replay (target, "regression", regressions);
  replay (target, "corpus", corpus);

  m.rand = rand = g_rand_new_with_seed (seed);
  m.corpus = corpus;
  m.strings = found;
  m.max_size = target->max_size ? target->max_size : 64 * 1024;
  m.header_bytes = target->header_bytes;
  m.json = target->json;
  if (m.json)
    for (guint c = 0; c < corpus->len; c++)
      {
        gsize size = 0;
        const guint8 *data = g_bytes_get_data (corpus->pdata[c], &size);
        g_autoptr(GByteArray) buf = g_byte_array_new ();
        gsize head;
        g_autoptr(JsonNode) root = NULL;

        g_byte_array_append (buf, data, (guint) size);
        head = header_size (&m, buf);
        root = parse_json (buf->data + head, buf->len - head);
        if (root != NULL)
          collect_strings (root, found, 0);
      }

  start = g_get_monotonic_time ();
  deadline = start + (gint64) (seconds * G_USEC_PER_SEC);
  for (i = 0; i < iterations && g_get_monotonic_time () < deadline; i++)
    {
      g_autoptr(GByteArray) input = mutate (&m);
      run_one (target, input->data, input->len);
    }
  g_test_message ("%s: seed %u, %" G_GUINT64_FORMAT " iterations in %.1f s (budget %" G_GUINT64_FORMAT
                  " iterations, %.0f s)", target->name, seed, i,
                  (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC, iterations, seconds);
  /* Printed also without --verbose: the seed is what reproduces a run. */
  g_printerr ("# fuzz %s: seed %u, %" G_GUINT64_FORMAT " iterations\n", target->name, seed, i);
}
