/* SPDX-License-Identifier: MIT */
/*
 * view_question.h: a yes/no question on the status line, as a view over
 * the one it is about ("Quit tsundoku? (y/n)", "Mark all 11 articles
 * shown as read? (y/n)"). y answers VIEW_CHOOSE | VIEW_CLOSE; any other
 * key, Esc and Ctrl-C included, VIEW_CLOSE.
 */
#ifndef TSUNDOKU_VIEW_QUESTION_H
#define TSUNDOKU_VIEW_QUESTION_H

struct view;

/* Ask text (copied); tag tells the caller which question it was. */
struct view *view_question_new(int tag, const char *text);

/* Return the tag the question was made with. */
int view_question_tag(const struct view *v);

#endif
