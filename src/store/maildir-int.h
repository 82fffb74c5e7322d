/* maildir-int.h: what maildir.c and maildir-msg.c share; not for other modules. */
#ifndef TAUBE_STORE_MAILDIR_INT_H
#define TAUBE_STORE_MAILDIR_INT_H

#include "store/maildir.h"
#include "util/err.h"

/* Gives an error set by err_errno or err_set its scope; returns -1. */
int maildir_scope(struct err *e, enum err_scope scope);

/*
 * rename(2) that never replaces an existing file (EEXIST instead). On a file
 * system without RENAME_NOREPLACE it looks first: names are unique, so the
 * race this leaves is theoretical.
 */
int maildir_rename_new(const char *from, const char *to);

#endif
