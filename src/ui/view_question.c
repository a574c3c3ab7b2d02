/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/view_question.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "ui/term.h"
#include "ui/view.h"
#include "base/xmem.h"

struct view_question {
	struct view base;
	int tag;
	char *text;		/* heap */
};

/* Return v as the question it is (asserted). */
static struct view_question *
view_question_of(struct view *v)
{
	assert(v->kind == VIEW_KIND_QUESTION);
	return (struct view_question *)v;
}

/* Paint the question over the status line, in bold. */
static void
view_question_draw(struct view *v, int rows, int cols)
{
	struct view_question *vq = view_question_of(v);

	term_fill(rows - 1, 0, cols, TERM_STATUS);
	term_draw(rows - 1, 1, cols - 1, vq->text, strlen(vq->text),
		  TERM_STATUS, TERM_BOLD);
}

/* y (or Y) is yes; anything else is no. */
static struct view_reaction
view_question_key(struct view *v, int key)
{
	(void)v;
	if (key == 'y' || key == 'Y')
		return view_react(VIEW_CHOOSE | VIEW_CLOSE);
	return view_react(VIEW_CLOSE);
}

static void
view_question_free(struct view *v)
{
	struct view_question *vq = view_question_of(v);

	free(vq->text);
	free(vq);
}

static const struct view_ops view_question_ops = {
	.draw = view_question_draw,
	.key = view_question_key,
	.free = view_question_free,
};

struct view *
view_question_new(int tag, const char *text)
{
	struct view_question *vq = xcalloc(1, sizeof *vq);

	vq->base.ops = &view_question_ops;
	vq->base.kind = VIEW_KIND_QUESTION;
	vq->base.context = KEYMAP_PROMPT;
	vq->base.overlay = true;
	vq->tag = tag;
	vq->text = xstrdup(text);
	return &vq->base;
}

int
view_question_tag(const struct view *v)
{
	assert(v->kind == VIEW_KIND_QUESTION);
	return ((const struct view_question *)v)->tag;
}
