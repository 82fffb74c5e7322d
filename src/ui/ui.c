/* ui.c: the mail screen's life: the terminal, the worker, the one poll loop, the signals. */
#include "ui/ui.h"
#include "ui/ui-int.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/str.h"
#include "util/xalloc.h"

#define TICK_MS	500	/* how often progress is redrawn while nothing else happens */

/* The self-pipe that turns SIGTERM, SIGHUP and SIGINT into a quit. */
static int stop_pipe[2] = { -1, -1 };

static void
on_stop(int sig)
{
	int saved = errno;
	char c = (char)sig;

	(void)!write(stop_pipe[1], &c, 1);
	errno = saved;
}

/* A crash must not leave the terminal in raw mode. */
static void
on_crash(int sig)
{
	endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
set_signals(void)
{
	struct sigaction sa;
	static const int stops[] = { SIGTERM, SIGHUP, SIGINT };
	static const int crashes[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++)
		sigaction(stops[i], &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < sizeof(crashes) / sizeof(crashes[0]); i++)
		sigaction(crashes[i], &sa, NULL);
}

void
ui_note(struct ui *u, const char *fmt, ...)
{
	char raw[512];
	struct buf vis = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	str_make_visible(&vis, raw, strlen(raw));
	snprintf(u->note, sizeof(u->note), "%s", buf_cstr(&vis));
	buf_free(&vis);
}

static int
one_key(void)
{
	wint_t ch;
	int rc = get_wch(&ch);

	if (rc == KEY_CODE_YES)
		return (int)ch;
	if (rc == OK)
		return ch < 256 ? (int)ch : UI_WCHAR_BASE + (int)ch;
	return 0;
}

/* A key if one is waiting, else 0; Escape and a key that follows at once are Meta. */
static int
read_key(void)
{
	int key = one_key(), next;

	if (key != 27)
		return key;
	timeout(25);	/* a terminal sends Meta-x as ESC x at once */
	next = one_key();
	nodelay(stdscr, TRUE);
	return next != 0 && next != 27 ? UI_META | next : 27;
}

int
ui_getkey(struct ui *u)
{
	struct pollfd fds[3] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = eng_worker_fd(u->w), .events = POLLIN },
		{ .fd = stop_pipe[0], .events = POLLIN },
	};
	int key;

	for (;;) {
		int ready;

		if ((key = read_key()) != 0)
			return key;
		if ((ready = poll(fds, 3, TICK_MS)) < 0 && errno != EINTR)
			return -1;
		if (fds[2].revents & POLLIN)
			return -1;
		if (fds[1].revents & POLLIN) {
			eng_worker_collect(u->w);
			ui_draw(u);
		} else if (ready == 0) {
			/* a tick: the outbox's timer; progress while work runs */
			ui_timers(u);
			if (eng_worker_pending(u->w) > 0)
				ui_draw(u);
		}
		/* a key: drawn by the caller once it has acted on it */
	}
}

static void
screen_start(struct ui *u)
{
	initscr();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(50);
	curs_set(0);
	ui_colors_start(&u->colors, u->conf);
}

/* The key map for the view on the screen (the help reads as the pager does). */
static void
unbound(struct ui *u, int key)
{
	char name[24];

	ui_key_name(key, name, sizeof(name));
	ui_note(u, "%s is not bound here (? for help)", name);
}

static enum ui_keyview
keyview(const struct ui *u)
{
	switch (u->view) {
	case UI_INDEX: return UI_KV_INDEX;
	case UI_COMPOSE: return UI_KV_COMPOSE;
	case UI_ATTACH: return UI_KV_ATTACH;
	case UI_FOLDERS: return UI_KV_FOLDERS;
	default: return UI_KV_PAGER;
	}
}

static void
dispatch(struct ui *u, int key)
{
	enum ui_action a = key == KEY_RESIZE ? UI_A_REDRAW : ui_keys_find(&u->keys, keyview(u), key);

	if (a == UI_A_REDRAW) {
		clearok(curscr, TRUE);
		return;
	}
	u->note[0] = '\0';
	if (a == UI_A_CANCEL) {
		if (eng_worker_pending(u->w) == 0) {
			ui_note(u, "nothing to stop");
		} else {
			eng_worker_cancel(u->w);
			ui_note(u, "stopping...");
		}
		return;
	}
	switch (u->view) {
	case UI_COMPOSE: ui_compose_act(u, a); break;	/* these three explain their keys */
	case UI_ATTACH: ui_attach_act(u, a); break;
	case UI_FOLDERS: ui_folders_act(u, a); break;
	default:
		if (a == UI_A_NONE)
			unbound(u, key);
		else if (u->view == UI_INDEX)
			ui_index_act(u, a);
		else if (a == UI_A_HELP)
			ui_help_show(u);
		else if (a == UI_A_QUIT)
			u->quit = true;
		else
			ui_pager_act(u, a);
		break;
	}
}

/* Until the person quits; then the jobs still running (a purge) are seen through. */
static void
run(struct ui *u)
{
	int key;

	u->m.loading = true;
	u->m.folder = xstrdup("INBOX");	/* named in the status line while it loads */
	ui_job_cached(u, "INBOX");
	ui_job_open(u, "INBOX");
	ui_job_folders(u, true);
	while (!u->quit) {
		ui_draw(u);
		if ((key = ui_getkey(u)) < 0)
			break;
		dispatch(u, key);
	}
	/*
	 * What is only reading stops now; a purge the person asked for on the
	 * way out is seen through, and so is a message being handed to the
	 * SMTP server (one not yet handed over waits in the outbox).
	 */
	if (!u->finish_jobs) {
		eng_worker_cancel(u->w);
		return;
	}
	while (eng_worker_pending(u->w) > 0) {
		struct pollfd p = { .fd = eng_worker_fd(u->w), .events = POLLIN };

		ui_note(u, "finishing before quitting...");
		ui_draw(u);
		if (poll(&p, 1, TICK_MS) > 0)
			eng_worker_collect(u->w);
	}
}

static void
ui_free(struct ui *u)
{
	ui_model_free(&u->m);
	ui_pager_free(&u->pager);
	ui_keys_free(&u->keys);
	ui_format_free(&u->fmt);
	strvec_free(&u->pager_headers);
	free(u->search);
	for (size_t i = 0; i < u->attach.parts.len; i++) {
		struct ui_part *p = VEC_AT(&u->attach.parts, struct ui_part, i);

		free(p->id);
		free(p->type);
		free(p->name);
	}
	vec_free(&u->attach.parts);
	if (u->compose.active)
		eng_draft_free(&u->compose.d);
}

int
ui_main(const struct conf *c, const char *account)
{
	struct ui u;
	struct err e;

	memset(&u, 0, sizeof(u));
	u.conf = c;
	u.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	ui_model_init(&u.m);
	vec_init(&u.attach.parts, sizeof(struct ui_part));
	vec_init(&u.fmt, sizeof(struct ui_fmt_item));
	strvec_init(&u.pager_headers);
	str_split(&u.pager_headers, c->pager_headers != NULL ? c->pager_headers :
	    "From To Cc Date Subject", ' ', STR_SPLIT_SKIP_EMPTY);
	err_clear(&e);
	if ((u.account = conf_account(c, account)) == NULL ||
	    ui_keys_load(&u.keys, c, &e) < 0 || ui_colors_check(c, &e) < 0 ||
	    ui_format_parse(&u.fmt, c->index_format != NULL ? c->index_format : UI_INDEX_FORMAT,
	    &e) < 0 || pipe2(stop_pipe, O_CLOEXEC | O_NONBLOCK) < 0 ||
	    eng_worker_start(&u.w, c, account, &e) < 0) {
		fprintf(stderr, "taube: %s\n", err_isset(&e) ? e.msg : u.account == NULL ?
		    "no such account" : "cannot start");
		ui_free(&u);
		return 1;
	}
	set_signals();
	screen_start(&u);
	run(&u);
	endwin();
	u.ended = true;
	eng_worker_stop(u.w);
	ui_free(&u);
	close(stop_pipe[0]);
	close(stop_pipe[1]);
	return 0;
}
