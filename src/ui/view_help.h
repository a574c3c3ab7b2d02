/* SPDX-License-Identifier: MIT */
/*
 * view_help.h: the help screen: every key bound in one context, with its
 * action's config name and translated description, read from the keymap
 * and the action table (so it cannot drift from what the keys do), then
 * the ':' commands and the keys of the line they are typed on (the
 * prompt context).
 */
#ifndef TSUNDOKU_VIEW_HELP_H
#define TSUNDOKU_VIEW_HELP_H

#include "ui/keymap.h"

struct view;

/* Create a help screen for the bindings of ctx in km (read now; km may
 * change or go away afterwards). */
struct view *view_help_new(const struct keymap *km, enum keymap_context ctx);

#endif
