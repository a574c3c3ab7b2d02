/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/action.h"

#include <assert.h>
#include <string.h>

static const struct action_info action_table[ACTION_N] = {
	[ACTION_NONE] = { .name = "none", .help = "" },
#define ACTION_INFO(id, n, h, w) \
	[ACTION_##id] = { .name = n, .help = h, .where = (w) },
	ACTION_TABLE(ACTION_INFO)
#undef ACTION_INFO
};

const struct action_info *
action_info(enum action a)
{
	assert(a > ACTION_NONE && a < ACTION_N);
	return &action_table[a];
}

enum action
action_by_name(const char *name)
{
	for (int a = ACTION_NONE + 1; a < ACTION_N; a++)
		if (strcmp(action_table[a].name, name) == 0)
			return (enum action)a;
	return ACTION_NONE;
}
