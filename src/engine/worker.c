/* worker.c: the account's session on its own thread; jobs in, results out through a pipe. */
#include "engine/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"
#include "util/vec.h"
#include "util/xalloc.h"

struct job {
	bool offline;		/* may run before the session is connected */
	eng_job_run run;
	eng_job_done done;
	void *arg;
	int rc;
	struct err err;
};

struct eng_worker {
	const struct conf *conf;
	char *account;
	pthread_t thread;
	pthread_mutex_t lock;	/* guards the queues, progress and stopping */
	pthread_cond_t cond;
	struct vec todo;	/* struct job *, posted, not yet run */
	struct vec ended;	/* struct job *, run, done not yet called */
	size_t pending;		/* posted and not collected */
	bool stopping;
	char progress[160];
	int pipe[2];		/* the worker writes a byte, the screen polls [0] */
	int cancel[2];		/* the screen writes a byte: stop the job's server operation */
	struct eng_session *s;	/* the worker's own */
	struct err open_err;	/* why the session could not be opened */
};

static void
wake(struct eng_worker *w)
{
	char c = 1;

	/* a full pipe already says "look": nothing is lost */
	while (write(w->pipe[1], &c, 1) < 0 && errno == EINTR)
		;
}

static void
drain(int fd)
{
	char buf[64];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

static void
on_progress(void *arg, const char *folder, uint64_t done, uint64_t total)
{
	struct eng_worker *w = arg;

	pthread_mutex_lock(&w->lock);
	if (done >= total)
		w->progress[0] = '\0';
	else
		snprintf(w->progress, sizeof(w->progress), "%s: %llu/%llu new messages", folder,
		    (unsigned long long)done, (unsigned long long)total);
	pthread_mutex_unlock(&w->lock);
	wake(w);
}

/* The next job, or NULL when stopping. */
static struct job *
next_job(struct eng_worker *w)
{
	struct job *j = NULL;

	pthread_mutex_lock(&w->lock);
	while (w->todo.len == 0 && !w->stopping)
		pthread_cond_wait(&w->cond, &w->lock);
	if (!w->stopping) {
		j = *VEC_AT(&w->todo, struct job *, 0);
		vec_remove(&w->todo, 0);
	}
	pthread_mutex_unlock(&w->lock);
	return j;
}

static void *
worker_main(void *arg)
{
	struct eng_worker *w = arg;
	struct job *j;

	err_clear(&w->open_err);
	/* the cache first: offline jobs show it while the login goes on */
	if (eng_session_prepare(&w->s, w->conf, w->account, w->cancel[0], &w->open_err) == 0)
		eng_session_on_progress(w->s, on_progress, w);
	while ((j = next_job(w)) != NULL) {
		err_clear(&j->err);
		drain(w->cancel[0]);	/* a cancel meant the job before */
		if (w->s != NULL && !j->offline && eng_session_revive(w->s, &j->err) < 0) {
			j->rc = -1;
		} else if (w->s == NULL) {
			j->err = w->open_err;	/* every job learns why */
			j->rc = -1;
		} else {
			j->rc = j->run(w->s, j->arg, &j->err);
		}
		pthread_mutex_lock(&w->lock);
		vec_push(&w->ended, &j);
		w->progress[0] = '\0';	/* whatever it said is over */
		pthread_mutex_unlock(&w->lock);
		wake(w);
	}
	eng_session_close(w->s);
	w->s = NULL;
	return NULL;
}

int
eng_worker_start(struct eng_worker **out, const struct conf *c, const char *account,
    struct err *e)
{
	struct eng_worker *w = xcalloc(1, sizeof(*w));

	w->conf = c;
	w->account = account != NULL ? xstrdup(account) : NULL;
	vec_init(&w->todo, sizeof(struct job *));
	vec_init(&w->ended, sizeof(struct job *));
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	if (pipe2(w->pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
		free(w->account);
		free(w);
		return err_errno(e, "cannot make a pipe");
	}
	if (pipe2(w->cancel, O_CLOEXEC | O_NONBLOCK) < 0) {
		close(w->pipe[0]);
		close(w->pipe[1]);
		free(w->account);
		free(w);
		return err_errno(e, "cannot make a pipe");
	}
	/* libcurl is set up here, on the caller's thread, before the worker's starts */
	err_clear(e);
	if (net_global_init(e) < 0 || pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		if (!err_isset(e))
			net_global_cleanup();
		close(w->pipe[0]);
		close(w->pipe[1]);
		close(w->cancel[0]);
		close(w->cancel[1]);
		free(w->account);
		free(w);
		return err_isset(e) ? -1 : err_setx(e, ERR_FATAL, "cannot start a thread");
	}
	*out = w;
	return 0;
}

/* Jobs that will not run (or whose end no one collected): done hears so, to free its arg. */
static void
drop_jobs(struct vec *jobs, bool ran)
{
	for (size_t i = 0; i < jobs->len; i++) {
		struct job *j = *VEC_AT(jobs, struct job *, i);

		if (!ran) {
			j->rc = -1;
			err_setx(&j->err, ERR_ACCOUNT, "taube is quitting");
		}
		if (j->done != NULL)
			j->done(j->arg, j->rc, &j->err);
		free(j);
	}
	vec_free(jobs);
}

void
eng_worker_stop(struct eng_worker *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	drop_jobs(&w->ended, true);
	drop_jobs(&w->todo, false);
	close(w->pipe[0]);
	close(w->pipe[1]);
	close(w->cancel[0]);
	close(w->cancel[1]);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	free(w->account);
	free(w);
	net_global_cleanup();
}

int
eng_worker_fd(const struct eng_worker *w)
{
	return w->pipe[0];
}

static void
post(struct eng_worker *w, bool offline, eng_job_run run, eng_job_done done, void *arg)
{
	struct job *j = xcalloc(1, sizeof(*j));

	j->offline = offline;
	j->run = run;
	j->done = done;
	j->arg = arg;
	pthread_mutex_lock(&w->lock);
	vec_push(&w->todo, &j);
	w->pending++;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

void
eng_worker_post(struct eng_worker *w, eng_job_run run, eng_job_done done, void *arg)
{
	post(w, false, run, done, arg);
}

void
eng_worker_post_offline(struct eng_worker *w, eng_job_run run, eng_job_done done, void *arg)
{
	post(w, true, run, done, arg);
}

void
eng_worker_collect(struct eng_worker *w)
{
	struct job *j;

	drain(w->pipe[0]);
	for (;;) {
		pthread_mutex_lock(&w->lock);
		j = NULL;
		if (w->ended.len > 0) {
			j = *VEC_AT(&w->ended, struct job *, 0);
			vec_remove(&w->ended, 0);
			w->pending--;
		}
		pthread_mutex_unlock(&w->lock);
		if (j == NULL)
			return;
		if (j->done != NULL)
			j->done(j->arg, j->rc, &j->err);
		free(j);
	}
}

size_t
eng_worker_pending(const struct eng_worker *w)
{
	return w->pending;
}

void
eng_worker_progress(struct eng_worker *w, char *out, size_t size)
{
	pthread_mutex_lock(&w->lock);
	snprintf(out, size, "%s", w->progress);
	pthread_mutex_unlock(&w->lock);
}

void
eng_worker_cancel(struct eng_worker *w)
{
	char c = 1;

	(void)!write(w->cancel[1], &c, 1);
}
