/*
 * worker.h: an account's engine work on a thread of its own, for the mail
 * screen. The screen's thread never waits on the network, the cache or a
 * child process: it posts jobs, and learns of their end through a file
 * descriptor it polls with everything else.
 *
 * The worker thread owns the account's session (it opens its cache first,
 * and logs in before the first job that needs the server) and runs the
 * jobs one at a time, in the order posted. A job's
 * `run` runs on the worker thread with the session; its `done` runs later
 * on the screen's thread, inside eng_worker_collect, with run's result.
 * Whatever run produces for done travels in the job's arg, which the
 * caller owns. Progress of a long step (eng_progress_fn) is kept as a line
 * of text the screen can show.
 */
#ifndef TAUBE_ENGINE_WORKER_H
#define TAUBE_ENGINE_WORKER_H

#include <stddef.h>

#include "conf/conf.h"
#include "engine/session.h"
#include "util/err.h"

struct eng_worker;

/* On the worker thread, with the session. */
typedef int (*eng_job_run)(struct eng_session *s, void *arg, struct err *e);
/* On the screen's thread: rc and e are run's. */
typedef void (*eng_job_done)(void *arg, int rc, const struct err *e);

/*
 * Sets up the network libraries (on the caller's thread, so call it before
 * starting any other thread) and starts the worker, which opens the session
 * of account (NULL: the first) of c; c must outlive the worker. When the
 * session cannot be opened no job runs: each one's done gets -1 and why.
 */
int eng_worker_start(struct eng_worker **out, const struct conf *c, const char *account,
    struct err *e);

/*
 * Finishes the job running, logs out and joins; then calls done for the
 * jobs that ended uncollected and, with -1, for those that never ran, so
 * that each can free its arg.
 */
void eng_worker_stop(struct eng_worker *w);

/* Readable when a job has ended or progress changed: then call eng_worker_collect. */
int eng_worker_fd(const struct eng_worker *w);

/* A job; the session is connected first (again, after a loss or a cancel). */
void eng_worker_post(struct eng_worker *w, eng_job_run run, eng_job_done done, void *arg);
/* A job that needs only the cache: it runs even before the login (eng_msgs_each_cached). */
void eng_worker_post_offline(struct eng_worker *w, eng_job_run run, eng_job_done done,
    void *arg);

/* Calls done for each job that ended, in order. */
void eng_worker_collect(struct eng_worker *w);

/*
 * Stops the server operation of the job running now (Ctrl-G): it ends with
 * an error; the next job connects again first.
 */
void eng_worker_cancel(struct eng_worker *w);

/* Jobs posted and not yet collected. */
size_t eng_worker_pending(const struct eng_worker *w);

/* The latest progress line ("INBOX: 1200/20000 new messages"), "" when none; copied into out. */
void eng_worker_progress(struct eng_worker *w, char *out, size_t size);

#endif
