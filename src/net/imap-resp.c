/* imap-resp.c: typed readers for status, codes, flags, capabilities, LIST, STATUS, SEARCH, ESEARCH, VANISHED. */
#include "net/imap-resp.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"
#include "util/str.h"

struct name_bit {
	const char *name;
	uint64_t bit;
};

static int __attribute__((format(printf, 2, 3)))
bad(struct err *e, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return err_setx(e, ERR_ACCOUNT, "IMAP server: %s", msg);
}

static uint64_t
lookup_bit(const struct name_bit *table, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (str_casecmp_ascii(table[i].name, name) == 0)
			return table[i].bit;
	return 0;
}

/* A number that fits 32 bits; nonzero when nz. */
static bool
get_u32(const struct imap_value *v, bool nz, uint32_t *out)
{
	if (v == NULL || v->kind != IMAP_NUMBER || v->num > UINT32_MAX || (nz && v->num == 0))
		return false;
	*out = (uint32_t)v->num;
	return true;
}

static bool
get_u64(const struct imap_value *v, uint64_t *out)
{
	if (v == NULL || v->kind != IMAP_NUMBER)
		return false;
	*out = v->num;
	return true;
}

enum imap_type
imap_resp_type(const struct imap_response *r)
{
	static const struct name_bit numbered[] = {
		{ "EXISTS", IMAP_T_EXISTS }, { "EXPUNGE", IMAP_T_EXPUNGE },
		{ "RECENT", IMAP_T_RECENT }, { "FETCH", IMAP_T_FETCH },
	};
	static const struct name_bit named[] = {
		{ "OK", IMAP_T_STATUS }, { "NO", IMAP_T_STATUS }, { "BAD", IMAP_T_STATUS },
		{ "BYE", IMAP_T_STATUS }, { "PREAUTH", IMAP_T_STATUS },
		{ "FLAGS", IMAP_T_FLAGS }, { "CAPABILITY", IMAP_T_CAPABILITY },
		{ "ENABLED", IMAP_T_ENABLED }, { "LIST", IMAP_T_LIST }, { "LSUB", IMAP_T_LSUB },
		{ "STATUS", IMAP_T_MAILBOX_STATUS }, { "SEARCH", IMAP_T_SEARCH },
		{ "ESEARCH", IMAP_T_ESEARCH }, { "VANISHED", IMAP_T_VANISHED },
	};
	const struct imap_value *a = imap_response_value(r, 0), *b = imap_response_value(r, 1);

	if (r->kind == IMAP_RESP_CONTINUE)
		return IMAP_T_CONTINUE;
	if (r->kind == IMAP_RESP_TAGGED)
		return IMAP_T_STATUS;
	if (a != NULL && a->kind == IMAP_NUMBER && b != NULL && b->kind == IMAP_ATOM)
		return (enum imap_type)lookup_bit(numbered, sizeof(numbered) / sizeof(numbered[0]),
		    b->data);
	if (a != NULL && a->kind == IMAP_ATOM)
		return (enum imap_type)lookup_bit(named, sizeof(named) / sizeof(named[0]), a->data);
	return IMAP_T_OTHER;
}

int
imap_resp_number(const struct imap_response *r, uint32_t *n, struct err *e)
{
	enum imap_type t = imap_resp_type(r);
	bool nz = t == IMAP_T_EXPUNGE || t == IMAP_T_FETCH;

	if (t != IMAP_T_EXISTS && t != IMAP_T_RECENT && !nz)
		return bad(e, "not a numbered response");
	if (!get_u32(imap_response_value(r, 0), nz, n))
		return bad(e, "message number %s out of range", imap_response_value(r, 0)->data);
	return 0;
}

int
imap_resp_status(const struct imap_response *r, struct imap_status *st, struct err *e)
{
	static const struct name_bit conds[] = {
		{ "OK", IMAP_OK }, { "NO", IMAP_NO }, { "BAD", IMAP_BAD },
		{ "BYE", IMAP_BYE }, { "PREAUTH", IMAP_PREAUTH },
	};
	const struct imap_value *a = imap_response_value(r, 0);
	size_t i;

	if (r->kind == IMAP_RESP_CONTINUE || a == NULL || a->kind != IMAP_ATOM)
		return bad(e, "not a status response");
	for (i = 0; i < sizeof(conds) / sizeof(conds[0]); i++)
		if (str_casecmp_ascii(a->data, conds[i].name) == 0)
			break;
	if (i == sizeof(conds) / sizeof(conds[0]) ||
	    (r->kind == IMAP_RESP_TAGGED && conds[i].bit > IMAP_BAD))
		return bad(e, "\"%s %s\" is no status", r->tag, a->data);
	st->cond = (enum imap_cond)conds[i].bit;
	st->tag = r->kind == IMAP_RESP_TAGGED ? r->tag : NULL;
	st->code = r->code.name != NULL ? &r->code : NULL;
	st->text = r->text;
	st->text_len = r->text_len;
	return 0;
}

static const struct imap_value *
code_arg(const struct imap_response *r, size_t i)
{
	return i < r->code.args.len ? VEC_AT(&r->code.args, struct imap_value, i) : NULL;
}

bool
imap_code_number(const struct imap_response *r, const char *name, uint64_t *n)
{
	return imap_code_is(r, name) && get_u64(code_arg(r, 0), n);
}

static int
arg_seqset(const struct imap_response *r, size_t i, struct imap_seqset *set, struct err *e)
{
	const struct imap_value *v = code_arg(r, i);

	if (!imap_value_is_string(v))
		return bad(e, "[%s] without its set", r->code.name);
	return imap_seqset_parse(set, v->data, v->len, e);
}

int
imap_code_appenduid(const struct imap_response *r, uint32_t *uidvalidity,
    struct imap_seqset *uids, struct err *e)
{
	if (!imap_code_is(r, "APPENDUID") || !get_u32(code_arg(r, 0), true, uidvalidity))
		return bad(e, "no [APPENDUID uidvalidity uids]");
	return arg_seqset(r, 1, uids, e);
}

int
imap_code_copyuid(const struct imap_response *r, uint32_t *uidvalidity,
    struct imap_seqset *from, struct imap_seqset *to, struct err *e)
{
	if (!imap_code_is(r, "COPYUID") || !get_u32(code_arg(r, 0), true, uidvalidity))
		return bad(e, "no [COPYUID uidvalidity from to]");
	if (arg_seqset(r, 1, from, e) < 0 || arg_seqset(r, 2, to, e) < 0)
		return -1;
	return 0;
}

int
imap_code_seqset(const struct imap_response *r, const char *name, struct imap_seqset *set,
    struct err *e)
{
	if (!imap_code_is(r, name))
		return bad(e, "no [%s] code", name);
	return arg_seqset(r, 0, set, e);
}

void
imap_flags_init(struct imap_flags *f)
{
	f->bits = 0;
	vec_init(&f->keywords, sizeof(const char *));
}

void
imap_flags_free(struct imap_flags *f)
{
	vec_free(&f->keywords);
	f->bits = 0;
}

int
imap_flags_read(const struct imap_value *list, struct imap_flags *f, struct err *e)
{
	static const struct name_bit system[] = {
		{ "\\Seen", IMAP_FLAG_SEEN }, { "\\Answered", IMAP_FLAG_ANSWERED },
		{ "\\Flagged", IMAP_FLAG_FLAGGED }, { "\\Deleted", IMAP_FLAG_DELETED },
		{ "\\Draft", IMAP_FLAG_DRAFT }, { "\\Recent", IMAP_FLAG_RECENT },
		{ "\\*", IMAP_FLAG_ANY_KEYWORD },
	};
	uint64_t bit;

	f->bits = 0;
	vec_clear(&f->keywords);
	if (list == NULL || list->kind != IMAP_LIST)
		return bad(e, "flags that are not a parenthesised list");
	for (size_t i = 0; i < list->list.len; i++) {
		const struct imap_value *v = imap_list_item(list, i);

		if (v->kind != IMAP_ATOM)
			return bad(e, "a flag that is not an atom");
		bit = lookup_bit(system, sizeof(system) / sizeof(system[0]), v->data);
		if (bit != 0)
			f->bits |= (unsigned)bit;
		else
			vec_push(&f->keywords, &v->data);
	}
	return 0;
}

int
imap_resp_flags(const struct imap_response *r, struct imap_flags *f, struct err *e)
{
	if (imap_resp_type(r) != IMAP_T_FLAGS)
		return bad(e, "not a FLAGS response");
	return imap_flags_read(imap_response_value(r, 1), f, e);
}

int
imap_code_permanentflags(const struct imap_response *r, struct imap_flags *f, struct err *e)
{
	if (!imap_code_is(r, "PERMANENTFLAGS"))
		return bad(e, "no [PERMANENTFLAGS] code");
	return imap_flags_read(code_arg(r, 0), f, e);
}

void
imap_caps_init(struct imap_caps *c)
{
	c->bits = 0;
	strvec_init(&c->names);
}

void
imap_caps_free(struct imap_caps *c)
{
	strvec_free(&c->names);
	c->bits = 0;
}

bool
imap_caps_has(const struct imap_caps *c, const char *name)
{
	for (size_t i = 0; i < strvec_len(&c->names); i++)
		if (str_casecmp_ascii(strvec_get(&c->names, i), name) == 0)
			return true;
	return false;
}

static uint64_t
cap_bit(const char *name)
{
	static const struct name_bit caps[] = {
		{ "IMAP4rev1", IMAP_CAP_IMAP4REV1 }, { "IMAP4rev2", IMAP_CAP_IMAP4REV2 },
		{ "IDLE", IMAP_CAP_IDLE }, { "LITERAL+", IMAP_CAP_LITERAL_PLUS },
		{ "LITERAL-", IMAP_CAP_LITERAL_MINUS }, { "UIDPLUS", IMAP_CAP_UIDPLUS },
		{ "MOVE", IMAP_CAP_MOVE }, { "CONDSTORE", IMAP_CAP_CONDSTORE },
		{ "QRESYNC", IMAP_CAP_QRESYNC }, { "ESEARCH", IMAP_CAP_ESEARCH },
		{ "SPECIAL-USE", IMAP_CAP_SPECIAL_USE }, { "LIST-STATUS", IMAP_CAP_LIST_STATUS },
		{ "LIST-EXTENDED", IMAP_CAP_LIST_EXTENDED }, { "ENABLE", IMAP_CAP_ENABLE },
		{ "UTF8=ACCEPT", IMAP_CAP_UTF8_ACCEPT }, { "BINARY", IMAP_CAP_BINARY },
		{ "NAMESPACE", IMAP_CAP_NAMESPACE }, { "ID", IMAP_CAP_ID },
		{ "SASL-IR", IMAP_CAP_SASL_IR }, { "STARTTLS", IMAP_CAP_STARTTLS },
		{ "LOGINDISABLED", IMAP_CAP_LOGINDISABLED },
		{ "COMPRESS=DEFLATE", IMAP_CAP_COMPRESS_DEFLATE },
		{ "UNSELECT", IMAP_CAP_UNSELECT }, { "CHILDREN", IMAP_CAP_CHILDREN },
		{ "MULTIAPPEND", IMAP_CAP_MULTIAPPEND }, { "SEARCHRES", IMAP_CAP_SEARCHRES },
		{ "SORT", IMAP_CAP_SORT }, { "OBJECTID", IMAP_CAP_OBJECTID },
		{ "APPENDLIMIT", IMAP_CAP_APPENDLIMIT },
	};

	if (str_ncasecmp_ascii(name, "APPENDLIMIT=", 12) == 0)
		return IMAP_CAP_APPENDLIMIT;
	return lookup_bit(caps, sizeof(caps) / sizeof(caps[0]), name);
}

static int
caps_read(const struct vec *vals, size_t from, struct imap_caps *c, struct err *e)
{
	imap_caps_free(c);
	imap_caps_init(c);
	for (size_t i = from; i < vals->len; i++) {
		const struct imap_value *v = VEC_AT(vals, struct imap_value, i);

		if (v->kind != IMAP_ATOM)
			return bad(e, "a capability that is not an atom");
		c->bits |= cap_bit(v->data);
		strvec_push(&c->names, v->data);
	}
	return 0;
}

int
imap_resp_capability(const struct imap_response *r, struct imap_caps *c, struct err *e)
{
	enum imap_type t = imap_resp_type(r);

	if (t != IMAP_T_CAPABILITY && t != IMAP_T_ENABLED)
		return bad(e, "not a CAPABILITY or ENABLED response");
	return caps_read(&r->values, 1, c, e);
}

int
imap_code_capability(const struct imap_response *r, struct imap_caps *c, struct err *e)
{
	if (!imap_code_is(r, "CAPABILITY"))
		return bad(e, "no [CAPABILITY] code");
	return caps_read(&r->code.args, 0, c, e);
}

/* A mailbox name; INBOX is case-insensitive (RFC 3501 5.1), so it comes out in one spelling. */
static bool
get_mailbox(const struct imap_value *v, const char **name, size_t *len)
{
	if (!imap_value_is_cstring(v))
		return false;
	if (str_casecmp_ascii(v->data, "INBOX") == 0) {
		*name = "INBOX";
		*len = 5;
	} else {
		*name = v->data;
		*len = v->len;
	}
	return true;
}

static unsigned
mbox_attrs(const struct imap_value *list)
{
	static const struct name_bit attrs[] = {
		{ "\\Noselect", IMAP_MBOX_NOSELECT }, { "\\Noinferiors", IMAP_MBOX_NOINFERIORS },
		{ "\\HasChildren", IMAP_MBOX_HASCHILDREN },
		{ "\\HasNoChildren", IMAP_MBOX_HASNOCHILDREN },
		{ "\\Marked", IMAP_MBOX_MARKED }, { "\\Unmarked", IMAP_MBOX_UNMARKED },
		{ "\\NonExistent", IMAP_MBOX_NONEXISTENT },
		{ "\\Subscribed", IMAP_MBOX_SUBSCRIBED }, { "\\Remote", IMAP_MBOX_REMOTE },
		{ "\\All", IMAP_MBOX_ALL }, { "\\Archive", IMAP_MBOX_ARCHIVE },
		{ "\\Drafts", IMAP_MBOX_DRAFTS }, { "\\Flagged", IMAP_MBOX_FLAGGED },
		{ "\\Junk", IMAP_MBOX_JUNK }, { "\\Sent", IMAP_MBOX_SENT },
		{ "\\Trash", IMAP_MBOX_TRASH }, { "\\Important", IMAP_MBOX_IMPORTANT },
	};
	unsigned bits = 0;

	for (size_t i = 0; i < imap_list_len(list); i++) {
		const struct imap_value *v = imap_list_item(list, i);

		if (v->kind == IMAP_ATOM)
			bits |= (unsigned)lookup_bit(attrs, sizeof(attrs) / sizeof(attrs[0]), v->data);
	}
	return bits;
}

/* LIST-EXTENDED data: ("CHILDINFO" ("SUBSCRIBED") "OLDNAME" ("old")), tags as atoms or strings. */
static void
list_extended(const struct imap_value *ext, struct imap_list *l)
{
	for (size_t i = 0; i + 1 < imap_list_len(ext); i += 2) {
		const struct imap_value *tag = imap_list_item(ext, i);
		const struct imap_value *val = imap_list_item(ext, i + 1);

		if (!imap_value_is_cstring(tag))
			continue;
		if (str_casecmp_ascii(tag->data, "OLDNAME") == 0 &&
		    imap_value_is_cstring(imap_list_item(val, 0)))
			l->oldname = imap_list_item(val, 0)->data;
		if (str_casecmp_ascii(tag->data, "CHILDINFO") != 0)
			continue;
		for (size_t j = 0; j < imap_list_len(val); j++)
			if (imap_value_is_cstring(imap_list_item(val, j)) &&
			    str_casecmp_ascii(imap_list_item(val, j)->data, "SUBSCRIBED") == 0)
				l->child_subscribed = true;
	}
}

int
imap_resp_list(const struct imap_response *r, struct imap_list *l, struct err *e)
{
	enum imap_type t = imap_resp_type(r);
	const struct imap_value *attrs = imap_response_value(r, 1);
	const struct imap_value *delim = imap_response_value(r, 2);

	memset(l, 0, sizeof(*l));
	if (t != IMAP_T_LIST && t != IMAP_T_LSUB)
		return bad(e, "not a LIST or LSUB response");
	if (attrs == NULL || attrs->kind != IMAP_LIST)
		return bad(e, "LIST without its attributes");
	l->attrs = mbox_attrs(attrs);
	/* NIL is a flat namespace; "" is read as NIL */
	if (delim == NULL || (delim->kind != IMAP_NIL && ((delim->kind != IMAP_STRING &&
	    delim->kind != IMAP_ATOM) || delim->len > 1)))
		return bad(e, "LIST with a hierarchy delimiter that is not one character");
	l->delim = delim->data[0];
	if (!get_mailbox(imap_response_value(r, 3), &l->name, &l->name_len))
		return bad(e, "LIST without a mailbox name");
	list_extended(imap_response_value(r, 4), l);
	return 0;
}

static bool
status_item(struct imap_mailbox_status *st, const char *name, const struct imap_value *v)
{
	static const struct {
		const char *name;
		unsigned bit;
		size_t off;
		bool wide;
	} items[] = {
#define ITEM(n, b, f, w) { n, b, offsetof(struct imap_mailbox_status, f), w }
		ITEM("MESSAGES", IMAP_STATUS_MESSAGES, messages, false),
		ITEM("RECENT", IMAP_STATUS_RECENT, recent, false),
		ITEM("UIDNEXT", IMAP_STATUS_UIDNEXT, uidnext, false),
		ITEM("UIDVALIDITY", IMAP_STATUS_UIDVALIDITY, uidvalidity, false),
		ITEM("UNSEEN", IMAP_STATUS_UNSEEN, unseen, false),
		ITEM("DELETED", IMAP_STATUS_DELETED, deleted, false),
		ITEM("HIGHESTMODSEQ", IMAP_STATUS_HIGHESTMODSEQ, highestmodseq, true),
		ITEM("SIZE", IMAP_STATUS_SIZE, size, true),
#undef ITEM
	};

	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		char *field = (char *)st + items[i].off;

		if (str_casecmp_ascii(name, items[i].name) != 0)
			continue;
		if (items[i].wide ? !get_u64(v, (uint64_t *)(void *)field) :
		    !get_u32(v, false, (uint32_t *)(void *)field))
			return false;
		st->have |= items[i].bit;
	}
	return true;	/* items it does not know are skipped */
}

int
imap_resp_mailbox_status(const struct imap_response *r, struct imap_mailbox_status *st,
    struct err *e)
{
	const struct imap_value *items = imap_response_value(r, 2);
	size_t len;

	memset(st, 0, sizeof(*st));
	if (imap_resp_type(r) != IMAP_T_MAILBOX_STATUS)
		return bad(e, "not a STATUS response");
	if (!get_mailbox(imap_response_value(r, 1), &st->name, &len))
		return bad(e, "STATUS without a mailbox name");
	if (items == NULL || items->kind != IMAP_LIST || items->list.len % 2 != 0)
		return bad(e, "STATUS for \"%s\" without a list of pairs", st->name);
	for (size_t i = 0; i < items->list.len; i += 2) {
		const struct imap_value *k = imap_list_item(items, i);

		if (k->kind != IMAP_ATOM || !status_item(st, k->data, imap_list_item(items, i + 1)))
			return bad(e, "STATUS for \"%s\" with a bad %s", st->name, k->data);
	}
	return 0;
}

int
imap_resp_search(const struct imap_response *r, struct vec *nums, uint64_t *modseq,
    struct err *e)
{
	*modseq = 0;
	if (imap_resp_type(r) != IMAP_T_SEARCH)
		return bad(e, "not a SEARCH response");
	for (size_t i = 1; i < r->values.len; i++) {
		const struct imap_value *v = imap_response_value(r, i);
		uint32_t n;

		if (get_u32(v, true, &n)) {
			vec_push(nums, &n);
			continue;
		}
		/* "(MODSEQ n)" (RFC 7162 3.1.5) comes last */
		if (i + 1 != r->values.len || !imap_value_is(imap_list_item(v, 0), "MODSEQ") ||
		    !get_u64(imap_list_item(v, 1), modseq))
			return bad(e, "SEARCH with \"%s\" among its numbers", v->data);
	}
	return 0;
}

void
imap_esearch_init(struct imap_esearch *es)
{
	memset(es, 0, sizeof(*es));
	imap_seqset_init(&es->all);
}

void
imap_esearch_free(struct imap_esearch *es)
{
	imap_seqset_free(&es->all);
}

/* One "name value" pair of ESEARCH; names it does not know are skipped. */
static int
esearch_item(struct imap_esearch *es, const struct imap_value *k, const struct imap_value *v,
    struct err *e)
{
	bool ok = true;

	if (imap_value_is(k, "MIN") && (ok = get_u32(v, true, &es->min)))
		es->have |= IMAP_ESEARCH_MIN;
	else if (imap_value_is(k, "MAX") && (ok = get_u32(v, true, &es->max)))
		es->have |= IMAP_ESEARCH_MAX;
	else if (imap_value_is(k, "COUNT") && (ok = get_u32(v, false, &es->count)))
		es->have |= IMAP_ESEARCH_COUNT;
	else if (imap_value_is(k, "MODSEQ") && (ok = get_u64(v, &es->modseq)))
		es->have |= IMAP_ESEARCH_MODSEQ;
	else if (imap_value_is(k, "ALL")) {
		if (!imap_value_is_string(v) || imap_seqset_parse(&es->all, v->data, v->len, e) < 0)
			return bad(e, "ESEARCH with a bad ALL");
		es->have |= IMAP_ESEARCH_ALL;
	}
	if (!ok)
		return bad(e, "ESEARCH with a bad %s", k->data);
	return 0;
}

int
imap_resp_esearch(const struct imap_response *r, struct imap_esearch *es, struct err *e)
{
	const struct imap_value *v = imap_response_value(r, 1);
	size_t i = 1;

	imap_esearch_free(es);
	imap_esearch_init(es);
	if (imap_resp_type(r) != IMAP_T_ESEARCH)
		return bad(e, "not an ESEARCH response");
	if (v != NULL && v->kind == IMAP_LIST) {
		/* the search correlator, (TAG "A5") */
		if (imap_value_is(imap_list_item(v, 0), "TAG") &&
		    imap_value_is_cstring(imap_list_item(v, 1)))
			es->tag = imap_list_item(v, 1)->data;
		v = imap_response_value(r, ++i);
	}
	if (imap_value_is(v, "UID")) {
		es->uid = true;
		i++;
	}
	for (; i < r->values.len; i += 2) {
		const struct imap_value *k = imap_response_value(r, i);

		if (k->kind != IMAP_ATOM || i + 1 == r->values.len)
			return bad(e, "ESEARCH with \"%s\" where a name and value go", k->data);
		if (esearch_item(es, k, imap_response_value(r, i + 1), e) < 0)
			return -1;
	}
	return 0;
}

int
imap_resp_vanished(const struct imap_response *r, bool *earlier, struct imap_seqset *uids,
    struct err *e)
{
	const struct imap_value *v = imap_response_value(r, 1);

	*earlier = false;
	if (imap_resp_type(r) != IMAP_T_VANISHED)
		return bad(e, "not a VANISHED response");
	if (v != NULL && v->kind == IMAP_LIST) {
		*earlier = imap_value_is(imap_list_item(v, 0), "EARLIER");
		v = imap_response_value(r, 2);
	}
	if (!imap_value_is_string(v) || v != imap_response_value(r, r->values.len - 1))
		return bad(e, "VANISHED without a set of UIDs");
	return imap_seqset_parse(uids, v->data, v->len, e);
}
