/* ferry-pager.c: reading an offset/limit endpoint page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages are numbered from 0. A page that arrives waits in READY until every
 * page before it was handed over; then it goes to the page function, on the
 * main thread or (FERRY_PAGER_IN_THREAD) in a worker thread, one at a time.
 * With one page in flight (the default) the next offset is the number of
 * items read so far; with several, page N is at N × limit.
 */

#define G_LOG_DOMAIN "ferry-pager"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ferry-pager.h"

#include "ferry-error.h"
#include "ferry-json.h"

#define DEFAULT_PAGE_SIZE 1000
#define DEFAULT_MAX_ITEMS 1000000

/* A page that arrived, waiting for its turn: its JSON items, or (a parsed
 * run) what the parse function made of its body. */
typedef struct
{
  JsonArray      *items;
  gpointer        parsed;
  GDestroyNotify  parsed_free;
  guint           length;     /* the items to hand over */
  guint64         offset;
  gint64          total;
} Page;

typedef struct
{
  FerryConnection       *connection;
  char                  *path;          /* ends in '?' or '&' */
  char                  *items_member;
  char                  *total_member;
  char                  *total_header;
  FerryPagerItemsFunc    items_func;
  FerryPagerParseFunc    parse_func;    /* a parsed run: bodies parsed in threads */
  GDestroyNotify         parsed_free;
  FerryPagerParsedFunc   parsed_func;
  guint                  page_size;     /* the limit asked for, one page at a time */
  guint                  stride;        /* several in flight: offset step and limit */
  guint                  max_in_flight;
  guint64                max_items;
  FerryRequestFlags      flags;
  FerryPagerFlags        pager_flags;
  char                  *project_id;
  FerryPagerPageFunc     page_func;
  gpointer               page_func_data;
  GDestroyNotify         page_func_notify;
  FerryPagerProgressFunc progress;
  gpointer               progress_data;

  gint64                 total;         /* -1 while unknown */
  guint                  n_pages;       /* G_MAXUINT while unknown */
  guint                  next_request;
  guint                  in_flight;
  guint                  parsing;       /* bodies being parsed in threads */
  guint64                received;      /* items of the pages arrived */
  GPtrArray             *ready;         /* page index → Page or NULL */
  guint                  next_consume;
  gboolean               consuming;
  guint64                done;          /* items handed over */
  gboolean               truncated;
  gboolean               stopped;
  GError                *error;
  gboolean               returned;
} Run;

static void
page_free (gpointer data)
{
  Page *page = data;

  if (page == NULL)
    return;
  g_clear_pointer (&page->items, json_array_unref);
  if (page->parsed != NULL && page->parsed_free != NULL)
    page->parsed_free (page->parsed);
  g_free (page);
}

static void
release_page_func_data (Run *run)
{
  if (run->page_func_notify != NULL)
    g_clear_pointer (&run->page_func_data, run->page_func_notify);
  run->page_func_data = NULL;
}

static void
run_free (Run *run)
{
  release_page_func_data (run);
  g_clear_object (&run->connection);
  g_free (run->path);
  g_free (run->items_member);
  g_free (run->total_member);
  g_free (run->total_header);
  g_free (run->project_id);
  g_ptr_array_unref (run->ready);
  g_clear_error (&run->error);
  g_free (run);
}

static gboolean
parallel (Run *run)
{
  return run->max_in_flight > 1;
}

static void
set_error (Run    *run,
           GError *error)
{
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free (error);
}

static void pump (GTask *task);

/* Hands PAGE to the caller's function (in whatever thread this runs). */
static gboolean
hand_over (Run     *run,
           Page    *page,
           GError **error)
{
  if (page->length == 0)
    return TRUE;
  if (run->parsed_func != NULL)
    return run->parsed_func (page->parsed, page->length, page->offset, page->total, run->page_func_data, error);
  return run->page_func (page->items, page->offset, page->total, run->page_func_data, error);
}

/* ------------------------------------------------------------------------ */
/* Requests                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct
{
  GTask *task;
  guint  index;
} Request;

static JsonArray *
member_items (Run       *run,
              JsonNode  *node,
              gint64    *total,
              GError   **error)
{
  JsonObject *page;
  JsonArray *items;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                           _("The server's list could not be understood"));
      return NULL;
    }
  page = json_node_get_object (node);
  if (run->total_member != NULL && !ferry_json_get_int (page, run->total_member, total))
    *total = -1;
  items = ferry_json_get_array (page, run->items_member);
  return items != NULL ? json_array_ref (items) : NULL;
}

/* Where the pages end, from page INDEX of LENGTH items and TOTAL. */
static void
learn_end (Run    *run,
           guint   index,
           guint   length,
           gint64  total)
{
  gboolean no_total_is_end = (run->pager_flags & FERRY_PAGER_REQUIRE_TOTAL) != 0;

  if (!parallel (run))
    {
      run->total = total;
      if (length == 0 || (total >= 0 && run->received >= (guint64) total) ||
          (total < 0 && (no_total_is_end || length < run->page_size)))
        run->n_pages = index + 1;
      return;
    }

  /* A server that caps the page size: the first page tells by how much. */
  if (index == 0 && total > (gint64) length && length > 0 && length < run->stride)
    run->stride = length;
  if (total >= 0)
    {
      guint64 pages = total == 0 ? 1 : ((guint64) total + run->stride - 1) / run->stride;

      run->total = total;
      run->n_pages = (guint) MIN (pages, (guint64) G_MAXUINT - 1);
      run->n_pages = MAX (run->n_pages, run->next_request);
    }
  else if (no_total_is_end || length < run->stride)
    {
      run->n_pages = MIN (run->n_pages, MAX (index + 1, run->next_request));
    }
}

/* Page INDEX arrived (ITEMS or PARSED, LENGTH items; TOTAL from the
 * body): the total header wins, the end is learnt, the page waits. */
static void
page_arrived (GTask              *task,
              guint               index,
              JsonArray          *items,
              gpointer            parsed,
              guint               length,
              gint64              total,
              SoupMessageHeaders *headers)
{
  Run *run = g_task_get_task_data (task);
  Page *page;

  if (run->total_header != NULL && headers != NULL)
    {
      const char *header = soup_message_headers_get_one (headers, run->total_header);
      gint64 value;

      if (header != NULL && g_ascii_string_to_signed (header, 10, 0, G_MAXINT64, &value, NULL))
        total = value;
    }

  run->received += length;
  learn_end (run, index, length, total);

  page = g_new0 (Page, 1);
  page->items = items;
  page->parsed = parsed;
  page->parsed_free = run->parsed_free;
  page->length = length;
  page->total = total;
  if (run->ready->len <= index)
    g_ptr_array_set_size (run->ready, index + 1);
  g_ptr_array_index (run->ready, index) = page;
  pump (task);
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GTask) task = request->task;
  guint index = request->index;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *items;
  gint64 total = -1;

  g_free (request);
  run->in_flight--;
  node = ferry_connection_call_finish_full (FERRY_CONNECTION (object), result, NULL, &headers, &error);
  if (error == NULL)
    g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error);
  if (error != NULL)
    {
      set_error (run, g_steal_pointer (&error));
      pump (task);
      return;
    }

  if (run->items_func != NULL)
    items = run->items_func (node, &total, &error);
  else
    items = member_items (run, node, &total, &error);
  if (items == NULL && error == NULL && (run->pager_flags & FERRY_PAGER_REQUIRE_ITEMS) != 0)
    error = g_error_new (FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                         _("The server's list has no “%s” array"),
                         run->items_member != NULL ? run->items_member : "items");
  if (error != NULL)
    {
      set_error (run, g_steal_pointer (&error));
      pump (task);
      return;
    }
  if (items == NULL)
    items = json_array_new ();

  page_arrived (task, index, items, NULL, json_array_get_length (items), total, headers);
}

/* A parsed run: one body being parsed in a worker thread. */
typedef struct
{
  guint               index;
  GBytes             *body;
  guint               status;
  SoupMessageHeaders *headers;
  gpointer            parsed;
  guint               length;
  gint64              total;
} Parse;

static void
parse_free (Parse *parse)
{
  g_clear_pointer (&parse->body, g_bytes_unref);
  g_clear_pointer (&parse->headers, soup_message_headers_unref);
  g_free (parse);
}

static void
parse_thread (GTask        *parse_task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Run *run = g_task_get_task_data (G_TASK (source_object));
  Parse *parse = task_data;
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      parse->total = -1;
      parse->parsed = run->parse_func (parse->body, parse->status, &parse->length, &parse->total, &error);
    }
  /* The body is not needed any more: freed here, not on the main thread. */
  g_clear_pointer (&parse->body, g_bytes_unref);
  if (error != NULL)
    g_task_return_error (parse_task, error);
  else
    g_task_return_boolean (parse_task, TRUE);
}

static void
parse_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = G_TASK (source);
  Run *run = g_task_get_task_data (task);
  Parse *parse = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  run->parsing--;
  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      if (parse->parsed != NULL && run->parsed_free != NULL)
        g_clear_pointer (&parse->parsed, run->parsed_free);
      set_error (run, error);
      pump (task);
      return;
    }
  page_arrived (task, parse->index, NULL, g_steal_pointer (&parse->parsed), parse->length, parse->total,
                parse->headers);
}

static void
parsed_page_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GTask) task = request->task;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) parse_task = NULL;
  Parse *parse = g_new0 (Parse, 1);

  parse->index = request->index;
  g_free (request);
  run->in_flight--;
  parse->body = ferry_connection_call_finish_bytes_full (FERRY_CONNECTION (object), result, &parse->status,
                                                         &parse->headers, &error);
  if (error == NULL)
    g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error);
  if (error != NULL)
    {
      parse_free (parse);
      set_error (run, g_steal_pointer (&error));
      pump (task);
      return;
    }

  /* Parsed off the main thread, several pages at once; the next requests
   * go out meanwhile. */
  run->parsing++;
  parse_task = g_task_new (task, g_task_get_cancellable (task), parse_done_cb, NULL);
  g_task_set_source_tag (parse_task, parse_thread);
  g_task_set_task_data (parse_task, parse, (GDestroyNotify) parse_free);
  g_task_run_in_thread (parse_task, parse_thread);
  pump (task);
}

static void
request_page (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  guint index = run->next_request++;
  guint64 offset = parallel (run) ? (guint64) index * run->stride : run->received;
  guint limit = parallel (run) ? run->stride : run->page_size;
  g_autofree char *path = g_strdup_printf ("%soffset=%" G_GUINT64_FORMAT "&limit=%u", run->path,
                                           offset, limit);
  Request *request = g_new0 (Request, 1);

  request->task = g_object_ref (task);
  request->index = index;
  run->in_flight++;
  if (run->parse_func != NULL)
    ferry_connection_call_async (run->connection, "GET", path, run->project_id, NULL,
                                 run->flags | FERRY_REQUEST_JSON_BYTES, g_task_get_cancellable (task),
                                 parsed_page_cb, request);
  else
    ferry_connection_call_async (run->connection, "GET", path, run->project_id, NULL, run->flags,
                                 g_task_get_cancellable (task), page_cb, request);
}

/* ------------------------------------------------------------------------ */
/* Handing the pages over                                                     */
/* ------------------------------------------------------------------------ */

/* The next page in order, if it is there, cut to MAX_ITEMS. */
static Page *
take_page (Run *run)
{
  Page *page;
  guint length;

  if (run->next_consume >= run->ready->len || g_ptr_array_index (run->ready, run->next_consume) == NULL)
    return NULL;
  page = g_ptr_array_index (run->ready, run->next_consume);
  g_ptr_array_index (run->ready, run->next_consume) = NULL;
  length = page->length;
  page->offset = run->done;
  if (length > 0 && run->done + length > run->max_items)
    {
      /* Bounded: hand over what fits and stop. */
      guint keep = (guint) (run->max_items - run->done);

      if (page->items != NULL)
        {
          JsonArray *cut = json_array_sized_new (keep);

          for (guint i = 0; i < keep; i++)
            json_array_add_element (cut, json_node_copy (json_array_get_element (page->items, i)));
          json_array_unref (page->items);
          page->items = cut;
        }
      page->length = keep;
      length = keep;
      run->truncated = TRUE;
      run->stopped = TRUE;
    }
  run->done += length;
  run->next_consume++;
  if (!run->stopped && run->done >= run->max_items && run->next_consume < run->n_pages)
    {
      run->truncated = TRUE;
      run->stopped = TRUE;
    }
  return page;
}

static void
page_handed_over (Run      *run,
                  gboolean  go_on,
                  GError   *error)
{
  if (error != NULL)
    set_error (run, error);
  else if (!go_on)
    run->stopped = TRUE;
  else if (run->progress != NULL)
    run->progress (run->done, run->total, run->progress_data);
}

static void
consume_thread (GTask        *consume,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Run *run = g_task_get_task_data (G_TASK (source_object));
  Page *page = task_data;
  GError *error = NULL;
  gboolean go_on = FALSE;

  if (!g_cancellable_set_error_if_cancelled (cancellable, &error))
    go_on = hand_over (run, page, &error);
  /* A page of 5000 objects takes milliseconds to free: not on the main thread. */
  g_clear_pointer (&page->items, json_array_unref);
  if (page->parsed != NULL && page->parsed_free != NULL)
    g_clear_pointer (&page->parsed, page->parsed_free);
  if (error != NULL)
    g_task_return_error (consume, error);
  else
    g_task_return_boolean (consume, go_on);
}

static void
consume_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = G_TASK (source);
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean go_on = g_task_propagate_boolean (G_TASK (result), &error);

  run->consuming = FALSE;
  page_handed_over (run, go_on, error);
  pump (task);
}

/* Hands the pages that are there over on this thread. */
static void
consume_here (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  while (run->error == NULL && !run->stopped)
    {
      Page *page = take_page (run);
      GError *error = NULL;
      gboolean go_on = TRUE;

      if (page == NULL)
        return;
      if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
        go_on = FALSE;
      else
        go_on = hand_over (run, page, &error);
      page_free (page);
      page_handed_over (run, go_on, error);
    }
}

static void
consume_in_thread (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GTask) consume = NULL;
  Page *page;

  if (run->consuming || run->stopped)
    return;
  page = take_page (run);
  if (page == NULL)
    return;
  consume = g_task_new (task, g_task_get_cancellable (task), consume_done_cb, NULL);
  g_task_set_source_tag (consume, consume_thread);
  g_task_set_task_data (consume, page, page_free);
  run->consuming = TRUE;
  g_task_run_in_thread (consume, consume_thread);
}

/* ------------------------------------------------------------------------ */
/* The run                                                                    */
/* ------------------------------------------------------------------------ */

static void
pump (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  gboolean in_thread = (run->pager_flags & FERRY_PAGER_IN_THREAD) != 0;

  if (run->returned)
    return;

  /* Nothing more is asked for, nor handed over, after a cancellation. */
  if (run->error == NULL)
    g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &run->error);
  if (run->error == NULL && !in_thread)
    consume_here (task);

  if (run->error != NULL)
    {
      /* Wait for what is still running, so nothing calls back later. */
      if (run->in_flight == 0 && run->parsing == 0 && !run->consuming)
        {
          run->returned = TRUE;
          release_page_func_data (run);
          g_task_return_error (task, g_steal_pointer (&run->error));
        }
      return;
    }

  /* More pages: several at once when the total is known, else one by one. */
  while (!run->stopped && run->next_request < run->n_pages && run->in_flight < run->max_in_flight &&
         (run->total >= 0 || run->in_flight == 0))
    request_page (task);

  if (in_thread)
    consume_in_thread (task);

  if (!run->consuming && run->in_flight == 0 && run->parsing == 0 &&
      (run->stopped || run->next_consume >= run->n_pages))
    {
      /* The caller's data goes before the callback runs. */
      run->returned = TRUE;
      release_page_func_data (run);
      g_task_return_int (task, (gssize) run->done);
    }
}

static void
run_start (FerryConnection         *connection,
           const char              *path,
           const FerryPagerOptions *options,
           FerryPagerPageFunc       page_func,
           FerryPagerParseFunc      parse_func,
           GDestroyNotify           parsed_free,
           FerryPagerParsedFunc     parsed_func,
           gpointer                 page_func_data,
           GDestroyNotify           page_func_notify,
           GCancellable            *cancellable,
           GAsyncReadyCallback      callback,
           gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;
  size_t length;

  run = g_new0 (Run, 1);
  run->connection = g_object_ref (connection);
  length = strlen (path);
  if (path[length - 1] == '?' || path[length - 1] == '&')
    run->path = g_strdup (path);
  else
    run->path = g_strconcat (path, strchr (path, '?') != NULL ? "&" : "?", NULL);
  run->items_member = g_strdup (options->items_member);
  run->total_member = g_strdup (options->total_member);
  run->total_header = g_strdup (options->total_header);
  run->items_func = options->items_func;
  run->parse_func = parse_func;
  run->parsed_free = parsed_free;
  run->parsed_func = parsed_func;
  run->page_size = options->page_size > 0 ? options->page_size : DEFAULT_PAGE_SIZE;
  run->stride = run->page_size;
  run->max_in_flight = MAX (options->max_in_flight, 1u);
  run->max_items = options->max_items > 0 ? options->max_items : DEFAULT_MAX_ITEMS;
  run->flags = options->flags;
  run->pager_flags = options->pager_flags;
  run->project_id = g_strdup (options->project_id);
  run->page_func = page_func;
  run->page_func_data = page_func_data;
  run->page_func_notify = page_func_notify;
  run->progress = options->progress;
  run->progress_data = options->progress_data;
  run->total = -1;
  run->n_pages = G_MAXUINT;
  run->ready = g_ptr_array_new_with_free_func (page_free);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_pager_run_async);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  pump (task);
}

void
ferry_pager_run_async (FerryConnection         *connection,
                       const char              *path,
                       const FerryPagerOptions *options,
                       FerryPagerPageFunc       page_func,
                       gpointer                 page_func_data,
                       GDestroyNotify           page_func_notify,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (path != NULL && *path != '\0');
  g_return_if_fail (options != NULL && (options->items_member != NULL || options->items_func != NULL));
  g_return_if_fail (page_func != NULL);

  run_start (connection, path, options, page_func, NULL, NULL, NULL, page_func_data, page_func_notify,
             cancellable, callback, user_data);
}

void
ferry_pager_run_parsed_async (FerryConnection         *connection,
                              const char              *path,
                              const FerryPagerOptions *options,
                              FerryPagerParseFunc      parse_func,
                              GDestroyNotify           parsed_free,
                              FerryPagerParsedFunc     parsed_func,
                              gpointer                 parsed_func_data,
                              GDestroyNotify           parsed_func_notify,
                              GCancellable            *cancellable,
                              GAsyncReadyCallback      callback,
                              gpointer                 user_data)
{
  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (path != NULL && *path != '\0');
  g_return_if_fail (options != NULL);
  g_return_if_fail (parse_func != NULL && parsed_func != NULL);

  run_start (connection, path, options, NULL, parse_func, parsed_free, parsed_func, parsed_func_data,
             parsed_func_notify, cancellable, callback, user_data);
}

gint64
ferry_pager_run_finish (GAsyncResult  *result,
                        gboolean      *truncated,
                        GError       **error)
{
  Run *run;

  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_pager_run_async, -1);

  run = g_task_get_task_data (G_TASK (result));
  if (truncated != NULL)
    *truncated = run->truncated;
  return g_task_propagate_int (G_TASK (result), error);
}
