/* ferry-sandbox-json-scan.c: finding members in compact JSON text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-json-scan.h"

gsize
sb_scan_ws (const char *d,
            gsize       i,
            gsize       n)
{
  while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r'))
    i++;
  return i;
}

gsize
sb_scan_string (const char *d,
                gsize       i,
                gsize       n)
{
  for (i++; i < n; i++)
    {
      if (d[i] == '\\')
        i++;
      else if (d[i] == '"')
        return i + 1;
    }
  return 0;
}

gsize
sb_scan_value (const char *d,
               gsize       i,
               gsize       n)
{
  guint depth = 0;

  if (i >= n)
    return 0;
  if (d[i] == '"')
    return sb_scan_string (d, i, n);
  if (d[i] != '{' && d[i] != '[')
    {
      while (i < n && d[i] != ',' && d[i] != '}' && d[i] != ']' &&
             d[i] != ' ' && d[i] != '\t' && d[i] != '\n' && d[i] != '\r')
        i++;
      return i;
    }
  for (; i < n; i++)
    {
      if (d[i] == '"')
        {
          if ((i = sb_scan_string (d, i, n)) == 0)
            return 0;
          i--;
        }
      else if (d[i] == '{' || d[i] == '[')
        depth++;
      else if ((d[i] == '}' || d[i] == ']') && --depth == 0)
        return i + 1;
    }
  return 0;
}

gboolean
sb_scan_member (const char *d,
                gsize       n,
                gsize      *i,
                gsize      *key_start,
                gsize      *value_start,
                gsize      *value_end)
{
  gsize j = sb_scan_ws (d, *i, n), key_end;

  if (j >= n)
    return FALSE;
  if (d[j] == '{' || d[j] == ',')
    j = sb_scan_ws (d, j + 1, n);
  if (j >= n || d[j] != '"')
    return FALSE;
  *key_start = j;
  if ((key_end = sb_scan_string (d, j, n)) == 0 ||
      (j = sb_scan_ws (d, key_end, n)) >= n || d[j] != ':')
    return FALSE;
  j = sb_scan_ws (d, j + 1, n);
  *value_start = j;
  if ((*value_end = sb_scan_value (d, j, n)) == 0)
    return FALSE;
  *i = *value_end;
  return TRUE;
}

gboolean
sb_scan_key_is (const char *d,
                gsize       key_start,
                gsize       n,
                const char *name)
{
  gsize len = strlen (name);

  return key_start + len + 2 <= n && d[key_start] == '"' &&
         memcmp (d + key_start + 1, name, len) == 0 && d[key_start + len + 1] == '"';
}

gboolean
sb_scan_find (const char *d,
              gsize       n,
              const char *name,
              gsize      *value_start,
              gsize      *value_end)
{
  gsize i = sb_scan_ws (d, 0, n), key, start, end;

  if (i >= n || d[i] != '{')
    return FALSE;
  while (sb_scan_member (d, n, &i, &key, &start, &end))
    if (sb_scan_key_is (d, key, n, name))
      {
        *value_start = start;
        *value_end = end;
        return TRUE;
      }
  return FALSE;
}
