/* session.c: opening an account: its secrets, the IMAP login, the extensions, the cache. */
#include "engine/session-int.h"

#include <stdlib.h>
#include <string.h>

#include "engine/folders.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

/* The cache remembers which server filled it: another one's UIDs mean other messages. */
#define META_SERVER	"server"

/*
 * TAUBE_IMAP_IGNORE="QRESYNC CONDSTORE ...": act as if the server lacked
 * these extensions. For servers that announce more than they do, and for
 * the tests of the fallbacks.
 */
static uint64_t
ignored_caps(void)
{
	static const struct { const char *name; uint64_t bit; } caps[] = {
		{ "QRESYNC", IMAP_CAP_QRESYNC }, { "CONDSTORE", IMAP_CAP_CONDSTORE },
		{ "ESEARCH", IMAP_CAP_ESEARCH }, { "MOVE", IMAP_CAP_MOVE },
		{ "UIDPLUS", IMAP_CAP_UIDPLUS }, { "SPECIAL-USE", IMAP_CAP_SPECIAL_USE },
		{ "LIST-STATUS", IMAP_CAP_LIST_STATUS },
		{ "LIST-EXTENDED", IMAP_CAP_LIST_EXTENDED },
	};
	const char *env = getenv("TAUBE_IMAP_IGNORE");
	struct strvec words = STRVEC_INIT;
	uint64_t bits = 0;

	if (env == NULL)
		return 0;
	str_split(&words, env, ' ', STR_SPLIT_TRIM | STR_SPLIT_SKIP_EMPTY);
	for (size_t i = 0; i < strvec_len(&words); i++)
		for (size_t j = 0; j < sizeof(caps) / sizeof(caps[0]); j++)
			if (str_casecmp_ascii(strvec_get(&words, i), caps[j].name) == 0)
				bits |= caps[j].bit;
	strvec_free(&words);
	return bits;
}

/* Keeps [ALERT] texts for the person; the rest of what no command took is left to later syncs. */
static void
on_event(void *arg, const struct imap_response *r, enum imap_type type)
{
	struct eng_session *s = arg;
	struct imap_status st;
	struct err e;
	char text[512];

	if (type != IMAP_T_STATUS || !imap_code_is(r, "ALERT") ||
	    imap_resp_status(r, &st, &e) < 0)
		return;
	net_server_text(text, sizeof(text), st.text, st.text_len);
	strvec_push(&s->alerts, text);
}

/* Opens the cache at s->cache_path; a damaged one is deleted and made again. */
static int
open_cache_file(struct eng_session *s, struct err *e)
{
	int rc = cache_open(&s->cache, s->cache_path, e);

	if (rc == CACHE_DAMAGED) {
		if (cache_reset(s->cache_path, e) < 0)
			return -1;
		rc = cache_open(&s->cache, s->cache_path, e);
	}
	return rc < 0 ? -1 : 0;
}

/* The server this account's cache belongs to: user, host and port. */
static char *
server_id(const struct eng_session *s)
{
	const struct net_endpoint *ep = &s->account.imap;

	return xasprintf("imap://%s@%s:%u", ep->user != NULL ? ep->user : "", ep->host, ep->port);
}

/* A cache filled from another server (the account's settings changed) starts again. */
static int
check_server(struct eng_session *s, struct err *e)
{
	struct buf have = BUF_INIT;
	char *want = server_id(s);
	int rc = cache_meta_get(s->cache, META_SERVER, &have, e);

	if (rc == 1 && strcmp(buf_cstr(&have), want) == 0) {
		rc = 0;
	} else if (rc >= 0) {
		if (rc == 1) {
			cache_close(s->cache);
			s->cache = NULL;
			rc = cache_reset(s->cache_path, e) < 0 ? -1 : open_cache_file(s, e);
		}
		if (rc == 0)
			rc = cache_meta_put(s->cache, META_SERVER, want, e);
	}
	buf_free(&have);
	free(want);
	return rc < 0 ? -1 : 0;
}

static int
open_cache(struct eng_session *s, struct err *e)
{
	s->cache_path = cache_path_for_account(s->conf->name);
	if (s->cache_path == NULL)
		return err_setx(e, ERR_ACCOUNT,
		    "no place for the cache: neither XDG_CACHE_HOME nor HOME is set");
	if (open_cache_file(s, e) < 0)
		return -1;
	return check_server(s, e);
}

int
eng_session_open(struct eng_session **out, const struct conf *c, const char *account,
    struct err *e)
{
	return eng_session_open_cancellable(out, c, account, -1, e);
}

int
eng_session_open_cancellable(struct eng_session **out, const struct conf *c,
    const char *account, int cancel_fd, struct err *e)
{
	if (eng_session_prepare(out, c, account, cancel_fd, e) < 0)
		return -1;
	if (eng_session_connect(*out, e) < 0) {
		eng_session_close(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int
eng_session_prepare(struct eng_session **out, const struct conf *c, const char *account,
    int cancel_fd, struct err *e)
{
	const struct conf_account *a = conf_account(c, account);
	struct eng_session *s;

	*out = NULL;
	if (a == NULL)
		return account != NULL ?
		    err_setx(e, ERR_ACCOUNT, "no account '%s' in %s", account, c->path) :
		    err_setx(e, ERR_ACCOUNT, "no account in %s", c->path);
	if (!a->has_imap)
		return err_setx(e, ERR_ACCOUNT, "account %s has no IMAP server ('imap =')",
		    a->name);
	if (net_global_init(e) < 0)
		return -1;
	s = xcalloc(1, sizeof(*s));
	s->conf = a;
	s->cancel_fd = cancel_fd;
	vec_init(&s->folders, sizeof(struct eng_folder));
	strvec_init(&s->alerts);
	imap_mailbox_init(&s->open.mb);
	if (eng_account_open(&s->account, s->conf, e) < 0 || open_cache(s, e) < 0) {
		eng_session_close(s);
		return -1;
	}
	s->account.imap.cancel_fd = s->cancel_fd;
	*out = s;
	return 0;
}

int
eng_session_connect(struct eng_session *s, struct err *e)
{
	if (s->imap != NULL)
		return 0;
	s->imap = imap_session_new();
	imap_session_ignore_caps(s->imap, ignored_caps());
	imap_session_on_event(s->imap, on_event, s);
	if (imap_session_connect(s->imap, &s->account.imap, e) < 0)
		return -1;
	return imap_enable(s->imap, ENG_EXTENSIONS, e);
}

bool
eng_session_connected(const struct eng_session *s)
{
	return s->imap != NULL && imap_session_alive(s->imap);
}

void
eng_session_close(struct eng_session *s)
{
	if (s == NULL)
		return;
	eng_open_clear(&s->open);
	imap_mailbox_free(&s->open.mb);
	if (s->imap != NULL)
		imap_session_free(s->imap);	/* logs out */
	cache_close(s->cache);
	free(s->cache_path);
	eng_folders_free(&s->folders);
	strvec_free(&s->alerts);
	eng_account_close(&s->account);
	free(s);
	net_global_cleanup();
}

const char *
eng_session_account(const struct eng_session *s)
{
	return s->conf->name;
}

void
eng_session_on_progress(struct eng_session *s, eng_progress_fn fn, void *arg)
{
	s->progress = fn;
	s->progress_arg = arg;
}

const struct strvec *
eng_session_alerts(const struct eng_session *s)
{
	return &s->alerts;
}

unsigned
eng_session_reconnects(const struct eng_session *s)
{
	return s->reconnects;
}

const char *
eng_session_server(const struct eng_session *s)
{
	return imap_session_peer(s->imap);
}

void
eng_open_clear(struct eng_open *o)
{
	free(o->name);
	free(o->raw);
	o->name = NULL;
	o->raw = NULL;
	o->writable = false;
	cache_folder_free(&o->row);
	memset(&o->row, 0, sizeof(o->row));
}

int
eng_need_open(struct eng_session *s, bool writable, struct err *e)
{
	if (s->open.name == NULL)
		return err_setx(e, ERR_FOLDER, "no folder is open");
	if (writable && (!s->open.writable || s->open.mb.readonly))
		return err_setx(e, ERR_FOLDER, "folder \"%s\" is open read-only", s->open.name);
	return 0;
}

unsigned
eng_flags_from_imap(unsigned imap_bits)
{
	unsigned f = 0;

	f |= (imap_bits & IMAP_FLAG_SEEN) ? CACHE_SEEN : 0;
	f |= (imap_bits & IMAP_FLAG_ANSWERED) ? CACHE_ANSWERED : 0;
	f |= (imap_bits & IMAP_FLAG_FLAGGED) ? CACHE_FLAGGED : 0;
	f |= (imap_bits & IMAP_FLAG_DELETED) ? CACHE_DELETED : 0;
	f |= (imap_bits & IMAP_FLAG_DRAFT) ? CACHE_DRAFT : 0;
	return f;
}

unsigned
eng_flags_to_imap(unsigned flags)
{
	unsigned f = 0;

	f |= (flags & CACHE_SEEN) ? IMAP_FLAG_SEEN : 0;
	f |= (flags & CACHE_ANSWERED) ? IMAP_FLAG_ANSWERED : 0;
	f |= (flags & CACHE_FLAGGED) ? IMAP_FLAG_FLAGGED : 0;
	f |= (flags & CACHE_DELETED) ? IMAP_FLAG_DELETED : 0;
	f |= (flags & CACHE_DRAFT) ? IMAP_FLAG_DRAFT : 0;
	return f;
}

void
eng_keywords_join(struct buf *out, const struct imap_flags *f)
{
	buf_reset(out);
	for (size_t i = 0; i < f->keywords.len; i++) {
		if (i > 0)
			buf_addc(out, ' ');
		buf_adds(out, *VEC_AT(&f->keywords, const char *, i));
	}
}
