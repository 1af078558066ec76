/* test-migration-list.c: FerryMigrationList's signals at scale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list's views pay for every "items-changed" with a pass over their
 * rows (a filter's bitset, a sort's keys), so the list says what changed in
 * few, large signals: one per batch of records in, one per run of
 * neighbouring rows out, one when a connection's rows all go. Every signal
 * is also replayed on a mirror of the model, which must end equal to it
 * (the positions, removed and added counts are right).
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "ferry-migration-list.h"

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Signal;

typedef struct
{
  GListModel *model;
  GArray     *signals;     /* Signal */
  GPtrArray  *mirror;      /* FerryMigration */
} Recorder;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *recorder)
{
  Signal signal = { position, removed, added };

  g_array_append_val (recorder->signals, signal);
  g_assert_cmpuint (position + removed, <=, recorder->mirror->len);
  g_ptr_array_remove_range (recorder->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (recorder->mirror, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (recorder->mirror->len, ==, g_list_model_get_n_items (model));
}

static void
recorder_init (Recorder   *recorder,
               GListModel *model)
{
  recorder->model = model;
  recorder->signals = g_array_new (FALSE, FALSE, sizeof (Signal));
  recorder->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (recorder->mirror, g_list_model_get_item (model, i));
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), recorder);
}

static void
recorder_clear (Recorder *recorder)
{
  g_signal_handlers_disconnect_by_data (recorder->model, recorder);
  g_clear_pointer (&recorder->signals, g_array_unref);
  g_clear_pointer (&recorder->mirror, g_ptr_array_unref);
}

/* The mirror equals the model, item for item. */
static void
recorder_check (Recorder *recorder)
{
  g_assert_cmpuint (recorder->mirror->len, ==, g_list_model_get_n_items (recorder->model));
  for (guint i = 0; i < recorder->mirror->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (recorder->model, i);

      g_assert_true (item == g_ptr_array_index (recorder->mirror, i));
    }
}

static void
assert_signal (Recorder *recorder,
               guint     index,
               guint     position,
               guint     removed,
               guint     added)
{
  Signal *signal;

  g_assert_cmpuint (index, <, recorder->signals->len);
  signal = &g_array_index (recorder->signals, Signal, index);
  g_assert_cmpuint (signal->position, ==, position);
  g_assert_cmpuint (signal->removed, ==, removed);
  g_assert_cmpuint (signal->added, ==, added);
}

/* Record I of a listing: a source record (or a target's, REPLICATED),
 * created I minutes before 2024-06-01 (so record 0 is the newest: the
 * list's order is the listing's). */
static JsonObject *
make_record (guint    i,
             gboolean replicated)
{
  g_autoptr(GDateTime) base = g_date_time_new_utc (2024, 6, 1, 0, 0, 0);
  g_autoptr(GDateTime) date = g_date_time_add_minutes (base, -(int) i);
  g_autofree char *stamp = g_date_time_format (date, "%Y-%m-%dT%H:%M:%S.000+0000");
  g_autofree char *id = g_strdup_printf ("%032X:%032X", i, i);
  JsonObject *record = json_object_new ();
  JsonObject *package = json_object_new ();

  json_object_set_string_member (package, "id", "35958BEB7C56491C9A43F7661501E177");
  json_object_set_boolean_member (package, "replicated", replicated);
  json_object_set_string_member (package, "type", "project");
  json_object_set_string_member (package, "purpose", "object_migration");
  json_object_set_string_member (package, "name", id);
  json_object_set_string_member (package, "creationDate", stamp);
  json_object_set_string_member (package, "status", "created");
  json_object_set_string_member (record, "id", id);
  json_object_set_object_member (record, "packageInfo", package);
  return record;
}

static GPtrArray *
make_records (guint    first,
              guint    n,
              gboolean replicated)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = first; i < first + n; i++)
    g_ptr_array_add (records, make_record (i, replicated));
  return records;
}

static FerryConnection *
make_connection (guint port)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/MicroStrategyLibrary", port);

  return ferry_connection_new (url, FERRY_LOGIN_MODE_STANDARD, "administrator", NULL);
}

static void
feed (FerryMigrationList *list,
      FerryConnection    *connection,
      GPtrArray          *records,
      guint               batch)
{
  for (guint i = 0; i < records->len; i += batch)
    ferry_migration_list_update_records (list, connection, (JsonObject * const *) records->pdata + i,
                                         MIN (batch, records->len - i));
}

/* A listing of N records fed in batches: one items-changed per batch, the
 * new rows appended after those there (the listing is in the list's
 * order); in reverse order, each batch still one signal (at the top). */
static void
test_batches_one_signal_each (void)
{
  g_autoptr(FerryMigrationList) list = ferry_migration_list_new ();
  g_autoptr(FerryConnection) connection = make_connection (1);
  g_autoptr(GPtrArray) records = make_records (0, 1000, FALSE);
  g_autoptr(GPtrArray) reversed = g_ptr_array_new ();
  g_autoptr(FerryMigrationList) list2 = ferry_migration_list_new ();
  Recorder recorder;

  ferry_migration_list_add_connection (list, connection);
  recorder_init (&recorder, G_LIST_MODEL (list));
  feed (list, connection, records, 100);
  g_assert_cmpuint (recorder.signals->len, ==, 10);
  for (guint i = 0; i < 10; i++)
    assert_signal (&recorder, i, i * 100, 0, 100);
  recorder_check (&recorder);

  /* Read again: nothing changes, nothing is said. */
  feed (list, connection, records, 100);
  g_assert_cmpuint (recorder.signals->len, ==, 10);
  recorder_clear (&recorder);

  for (guint i = records->len; i > 0; i--)
    g_ptr_array_add (reversed, g_ptr_array_index (records, i - 1));
  ferry_migration_list_add_connection (list2, connection);
  recorder_init (&recorder, G_LIST_MODEL (list2));
  feed (list2, connection, reversed, 100);
  g_assert_cmpuint (recorder.signals->len, ==, 10);
  assert_signal (&recorder, 0, 0, 0, 100);
  for (guint i = 1; i < 10; i++)
    assert_signal (&recorder, i, 0, 0, 100);
  recorder_check (&recorder);
  recorder_clear (&recorder);
}

/* New rows among those there, in one batch: one signal from the first new
 * row to the last, the rows between given again. */
static void
test_batch_between_rows (void)
{
  g_autoptr(FerryMigrationList) list = ferry_migration_list_new ();
  g_autoptr(FerryConnection) connection = make_connection (1);
  g_autoptr(GPtrArray) even = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) odd = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  Recorder recorder;

  for (guint i = 0; i < 200; i++)
    g_ptr_array_add (i % 2 == 0 ? even : odd, make_record (i, FALSE));
  ferry_migration_list_add_connection (list, connection);
  feed (list, connection, even, even->len);
  recorder_init (&recorder, G_LIST_MODEL (list));
  /* Odd ones: rows 1, 3, …, 199 of 200; 99 even ones between them. */
  feed (list, connection, odd, odd->len);
  g_assert_cmpuint (recorder.signals->len, ==, 1);
  assert_signal (&recorder, 0, 1, 99, 199);
  recorder_check (&recorder);
  recorder_clear (&recorder);
}

/* Records gone together (a listing's end forgets what it no longer lists):
 * one items-changed per run of neighbouring rows, from the last up. */
static void
test_removal_runs (void)
{
  g_autoptr(FerryMigrationList) list = ferry_migration_list_new ();
  g_autoptr(FerryConnection) connection = make_connection (1);
  g_autoptr(GPtrArray) records = make_records (0, 1000, FALSE);
  Recorder recorder;
  static const guint runs[][2] = { { 100, 100 }, { 500, 10 }, { 900, 100 } };

  ferry_migration_list_add_connection (list, connection);
  feed (list, connection, records, records->len);
  recorder_init (&recorder, G_LIST_MODEL (list));

  ferry_migration_list_hold (list);
  /* Not in listing order: the runs are found all the same. */
  for (guint r = G_N_ELEMENTS (runs); r > 0; r--)
    for (guint i = runs[r - 1][0]; i < runs[r - 1][0] + runs[r - 1][1]; i++)
      {
        g_autofree char *id = g_strdup_printf ("%032X:%032X", i, i);

        ferry_migration_list_forget_record (list, connection, id);
        /* Gone for lookups at once, from the model at the release. */
        g_assert_null (ferry_migration_list_lookup (list, id));
      }
  g_assert_cmpuint (recorder.signals->len, ==, 0);
  ferry_migration_list_release (list);

  g_assert_cmpuint (recorder.signals->len, ==, 3);
  assert_signal (&recorder, 0, 900, 100, 0);
  assert_signal (&recorder, 1, 500, 10, 0);
  assert_signal (&recorder, 2, 100, 100, 0);
  recorder_check (&recorder);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 790);
  recorder_clear (&recorder);
}

/* Every other row gone: one signal over their span, the rows kept in it
 * given again. */
static void
test_removal_many_runs (void)
{
  g_autoptr(FerryMigrationList) list = ferry_migration_list_new ();
  g_autoptr(FerryConnection) connection = make_connection (1);
  g_autoptr(GPtrArray) records = make_records (0, 1000, FALSE);
  Recorder recorder;

  ferry_migration_list_add_connection (list, connection);
  feed (list, connection, records, records->len);
  recorder_init (&recorder, G_LIST_MODEL (list));

  ferry_migration_list_hold (list);
  for (guint i = 10; i < 210; i += 2)
    {
      g_autofree char *id = g_strdup_printf ("%032X:%032X", i, i);

      ferry_migration_list_forget_record (list, connection, id);
    }
  ferry_migration_list_release (list);

  g_assert_cmpuint (recorder.signals->len, ==, 1);
  assert_signal (&recorder, 0, 10, 199, 99);
  recorder_check (&recorder);
  recorder_clear (&recorder);
}

/* A few rows gone, far apart: found one by one (binary search), one
 * signal per run all the same. */
static void
test_removal_few (void)
{
  g_autoptr(FerryMigrationList) list = ferry_migration_list_new ();
  g_autoptr(FerryConnection) connection = make_connection (1);
  g_autoptr(GPtrArray) records = make_records (0, 1000, FALSE);
  static const guint gone[] = { 700, 5, 6 };
  Recorder recorder;

  ferry_migration_list_add_connection (list, connection);
  feed (list, connection, records, records->len);
  recorder_init (&recorder, G_LIST_MODEL (list));

  ferry_migration_list_hold (list);
  for (guint i = 0; i < G_N_ELEMENTS (gone); i++)
    {
      g_autofree char *id = g_strdup_printf ("%032X:%032X", gone[i], gone[i]);

      ferry_migration_list_forget_record (list, connection, id);
    }
  ferry_migration_list_release (list);

  g_assert_cmpuint (recorder.signals->len, ==, 2);
  assert_signal (&recorder, 0, 700, 1, 0);
  assert_signal (&recorder, 1, 5, 2, 0);
  recorder_check (&recorder);
  recorder_clear (&recorder);
}

typedef struct
{
  GPtrArray *records;    /* JsonObject: made in the thread */
  GPtrArray *wrapped;    /* FerryMigrationRecord of each */
  GPtrArray *prepared;   /* FerryMigration */
  gboolean   replicated;
  guint      first;
  guint      n;
} Preparing;

static gpointer
prepare_thread (gpointer data)
{
  Preparing *preparing = data;

  preparing->records = make_records (preparing->first, preparing->n, preparing->replicated);
  preparing->prepared = g_ptr_array_new_with_free_func (g_object_unref);
  preparing->wrapped = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_migration_record_unref);
  for (guint i = 0; i < preparing->records->len; i++)
    {
      FerryMigrationRecord *record = ferry_migration_record_new (g_ptr_array_index (preparing->records, i));

      g_ptr_array_add (preparing->wrapped, record);
      g_ptr_array_add (preparing->prepared, ferry_migration_new_from_record (record, preparing->replicated));
    }
  return NULL;
}

/* Migrations built in a worker from a listing's records (as the monitor
 * does): those whose record is all the connections know are the new items
 * themselves, still one items-changed for the batch; one the other
 * connection knows too is built from both records by the list. */
static void
test_prepared (void)
{
  g_autoptr(FerryMigrationList) list = ferry_migration_list_new ();
  g_autoptr(FerryConnection) source = make_connection (1);
  g_autoptr(FerryConnection) target = make_connection (2);
  g_autoptr(GPtrArray) replicated = make_records (3, 1, TRUE);
  Preparing preparing = { NULL, NULL, NULL, FALSE, 0, 500 };
  Recorder recorder;

  ferry_migration_list_add_connection (list, source);
  ferry_migration_list_add_connection (list, target);
  /* Record 3 is known to the target already. */
  feed (list, target, replicated, replicated->len);
  recorder_init (&recorder, G_LIST_MODEL (list));

  g_thread_join (g_thread_new ("prepare", prepare_thread, &preparing));
  ferry_migration_list_update_prepared (list, source,
                                        (FerryMigrationRecord * const *) preparing.wrapped->pdata,
                                        (FerryMigration * const *) preparing.prepared->pdata,
                                        preparing.records->len);
  g_assert_cmpuint (recorder.signals->len, ==, 1);
  recorder_check (&recorder);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 500);
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(FerryMigration) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(JsonObject) record = ferry_migration_dup_record (item, FALSE);

      g_assert_cmpstr (ferry_migration_get_id (item), ==,
                       ferry_migration_get_id (g_ptr_array_index (preparing.prepared, i)));
      g_assert_true (json_object_equal (record, g_ptr_array_index (preparing.records, i)));
      if (i == 3)
        {
          /* Both sides: not the one built from the source's record alone. */
          g_assert_true (item != g_ptr_array_index (preparing.prepared, i));
          g_assert_true (ferry_migration_get_has_target_record (item));
          g_assert_true (ferry_migration_get_has_source_record (item));
        }
      else
        g_assert_true (item == g_ptr_array_index (preparing.prepared, i));
    }
  recorder_clear (&recorder);
  g_ptr_array_unref (preparing.records);
  g_ptr_array_unref (preparing.wrapped);
  g_ptr_array_unref (preparing.prepared);
}

/* A connection removed (an environment removed or disconnected): its rows
 * go in one items-changed; rows another connection keeps stay. */
static void
test_remove_connection (void)
{
  g_autoptr(FerryMigrationList) list = ferry_migration_list_new ();
  g_autoptr(FerryConnection) source = make_connection (1);
  g_autoptr(FerryConnection) target = make_connection (2);
  g_autoptr(GPtrArray) records = make_records (0, 5000, FALSE);
  /* The target knows the 20 newest (imported there). */
  g_autoptr(GPtrArray) replicated = make_records (0, 20, TRUE);
  Recorder recorder;

  ferry_migration_list_add_connection (list, source);
  ferry_migration_list_add_connection (list, target);
  feed (list, source, records, 1000);
  feed (list, target, replicated, replicated->len);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5000);
  recorder_init (&recorder, G_LIST_MODEL (list));

  ferry_migration_list_remove_connection (list, source);
  g_assert_cmpuint (recorder.signals->len, ==, 1);
  assert_signal (&recorder, 0, 20, 4980, 0);
  recorder_check (&recorder);
  /* The rows both knew stay, made from the target's record alone; the
   * others are not found any more. */
  g_assert_cmpuint (ferry_migration_list_get_n_known (list), ==, 20);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(FerryMigration) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      const char *id = json_object_get_string_member (g_ptr_array_index (replicated, i), "id");

      g_assert_cmpstr (ferry_migration_get_id (item), ==, id);
      g_assert_true (ferry_migration_list_lookup (list, id) == item);
      g_assert_null (ferry_migration_get_record (item, FALSE));
      g_assert_nonnull (ferry_migration_get_record (item, TRUE));
      g_assert_true (ferry_migration_get_replicated (item));
    }
  g_assert_null (ferry_migration_list_lookup (list, json_object_get_string_member (g_ptr_array_index (records, 20), "id")));
  g_assert_null (ferry_migration_list_lookup (list, json_object_get_string_member (g_ptr_array_index (records, 4999), "id")));

  ferry_migration_list_remove_connection (list, target);
  g_assert_cmpuint (recorder.signals->len, ==, 2);
  assert_signal (&recorder, 1, 0, 20, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpuint (ferry_migration_list_get_n_known (list), ==, 0);
  recorder_check (&recorder);
  recorder_clear (&recorder);
}

/* The list let go with 20 000 rows: no signal at all, nothing leaks
 * (ASan). */
static void
test_dispose_silent (void)
{
  FerryMigrationList *list = ferry_migration_list_new ();
  g_autoptr(FerryConnection) connection = make_connection (1);
  g_autoptr(GPtrArray) records = make_records (0, 20000, FALSE);
  Recorder recorder;

  ferry_migration_list_add_connection (list, connection);
  feed (list, connection, records, 5000);
  recorder_init (&recorder, G_LIST_MODEL (list));
  g_object_run_dispose (G_OBJECT (list));
  g_assert_cmpuint (recorder.signals->len, ==, 0);
  recorder_clear (&recorder);
  g_object_unref (list);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migration-list/batches-one-signal-each", test_batches_one_signal_each);
  g_test_add_func ("/migration-list/batch-between-rows", test_batch_between_rows);
  g_test_add_func ("/migration-list/removal-runs", test_removal_runs);
  g_test_add_func ("/migration-list/removal-many-runs", test_removal_many_runs);
  g_test_add_func ("/migration-list/removal-few", test_removal_few);
  g_test_add_func ("/migration-list/prepared", test_prepared);
  g_test_add_func ("/migration-list/remove-connection", test_remove_connection);
  g_test_add_func ("/migration-list/dispose-silent", test_dispose_silent);

  return g_test_run ();
}
