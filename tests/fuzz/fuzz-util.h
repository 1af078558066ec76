/* fuzz-util.h: a deterministic mutation loop for Ferry's parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each fuzz target is a function that takes bytes. fuzz_run() replays every
 * file of tests/fuzz/regressions/<target>/ and tests/fuzz/corpus/<target>/,
 * then mutates corpus samples (byte flips, inserts, deletes, splices and,
 * for JSON targets, JSON-aware changes: a value duplicated, nested deeper,
 * of another type, a huge number, invalid UTF-8) for a number of iterations
 * or seconds, whichever ends first, from a fixed seed.
 *
 * Environment:
 *   FERRY_FUZZ_SEED        the seed (default 13; printed)
 *   FERRY_FUZZ_ITERATIONS  iterations per target (default: the target's)
 *   FERRY_FUZZ_SECONDS     seconds per target (default: the target's)
 *   FERRY_FUZZ_CRASH_DIR   where a crashing input is written (default
 *                          G_TEST_BUILDDIR/fuzz-crashes)
 *
 * A crash (a signal, an abort from g_assert or a sanitizer) writes the
 * input being run to FERRY_FUZZ_CRASH_DIR/<target>.crash and prints its
 * path before the process dies, so the test fails with the input kept.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*FuzzFunc) (const guint8 *data,
                          gsize         size,
                          gpointer      user_data);

typedef struct
{
  const char *name;          /* corpus/<name>, regressions/<name> */
  FuzzFunc    func;
  gpointer    user_data;
  gboolean    json;          /* the samples are JSON: JSON-aware mutations */
  gsize       header_bytes;  /* a header JSON mutations keep (.mmp magic); (gsize) -1:
                              * up to a blank line (a request's line and headers) */
  guint       iterations;    /* default budget */
  double      seconds;
  gsize       max_size;      /* inputs are cut to this size (0: 64 KiB) */
} FuzzTarget;

/* Runs TARGET's regressions, corpus and mutation loop. */
void fuzz_run (const FuzzTarget *target);

/* Reads the files of tests/fuzz/<kind>/<name>/ (sorted by name): a
 * GPtrArray of GBytes, empty when the folder does not exist. */
GPtrArray *fuzz_load_dir (const char *kind,
                          const char *name);

G_END_DECLS
