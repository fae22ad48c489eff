/* Copying a config dict for an implementation, inside liboif_c and its C
 * bridge only: not part of the public API. */
#ifndef OIF_LANG_C_CONFIG_DICT_COPY_H
#define OIF_LANG_C_CONFIG_DICT_COPY_H

#include <oif/config_dict.h>

/*
 * A new dict with `src`'s entries, in order, and their serialized form.
 * Only reads `src`, so threads may copy one dict at the same time.  NULL
 * with the reason recorded if memory runs out.
 */
OIFConfigDict *oif_config_dict_copy(const OIFConfigDict *src);

#endif
