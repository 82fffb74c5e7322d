/*
 * remote.h: two IMAP commands the engine needs that imap-ops.h does not
 * offer: UID SEARCH over a UID set, and a FETCH of flags alone (for
 * servers without CONDSTORE).
 */
#ifndef TAUBE_ENGINE_REMOTE_H
#define TAUBE_ENGINE_REMOTE_H

#include "net/imap-ops.h"
#include "net/imap-session.h"
#include "util/err.h"
#include "util/vec.h"

/* Appends the UIDs of the open folder that are in set (uint32_t, ascending) to out. */
int eng_remote_uids(struct imap_session *s, const struct imap_seqset *set, struct vec *out,
    struct err *e);

/* UID FETCH set (UID FLAGS [MODSEQ]): each answer with a UID goes to fn. */
int eng_remote_flags(struct imap_session *s, const struct imap_seqset *set, imap_fetch_fn fn,
    void *arg, struct err *e);

/* Sorts a vector of uint32_t and drops repeats. */
void eng_uids_sort(struct vec *uids);

#endif
