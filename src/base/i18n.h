/* SPDX-License-Identifier: MIT */
/*
 * i18n.h: the gettext wiring. Every string a user reads goes through _(),
 * strings in static tables are marked with N_() and translated where shown,
 * plurals use P_().
 */
#ifndef TSUNDOKU_I18N_H
#define TSUNDOKU_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
#define P_(singular, plural, n) ngettext(singular, plural, n)

#endif
