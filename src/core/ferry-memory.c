/* ferry-memory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-memory"

#include "config.h"

#include "ferry-memory.h"

#ifdef G_OS_UNIX
#include <sys/mman.h>
#include <unistd.h>
#endif

#define HUGE_PAGE ((gsize) 2 * 1024 * 1024)

#if defined(G_OS_UNIX) && defined(MAP_ANONYMOUS)
#define LARGE_MAPPED 1
#endif

#ifdef LARGE_MAPPED
static gsize
page_round (gsize size)
{
  static gsize page_size;

  if (page_size == 0)
    page_size = (gsize) sysconf (_SC_PAGESIZE);
  return (size + page_size - 1) & ~(page_size - 1);
}

/* SIZE bytes of a mapping aligned to HUGE_PAGE, or NULL. */
static gpointer
map_aligned (gsize size)
{
  gsize length = page_round (size);
  char *map = mmap (NULL, length + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *start;
  gsize head;

  if (map == MAP_FAILED)
    return NULL;
  start = (char *) (((guintptr) map + HUGE_PAGE - 1) & ~((guintptr) HUGE_PAGE - 1));
  head = start - map;
  if (head > 0)
    munmap (map, head);
  munmap (start + length, HUGE_PAGE - head);
#ifdef MADV_HUGEPAGE
  madvise (start, length, MADV_HUGEPAGE);   /* advice: nothing if refused */
#endif
  return start;
}
#endif

gpointer
_ferry_large_alloc (gsize size)
{
#ifdef LARGE_MAPPED
  if (size >= HUGE_PAGE)
    return map_aligned (size);
#endif
  return NULL;
}

void
_ferry_large_free (gpointer memory,
                   gsize    size)
{
#ifdef LARGE_MAPPED
  if (memory != NULL)
    munmap (memory, page_round (size));
#else
  g_assert (memory == NULL);
#endif
}
