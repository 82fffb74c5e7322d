/* mailcap.c: reading mailcap files, choosing an entry, and its command and temporary file name made safe. */
#include "util/mailcap.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/str.h"
#include "util/xalloc.h"

#define MAILCAP_TYPE_MAX	255	/* bytes in an entry's type field */
#define MAILCAP_HALF_MAX	127	/* bytes in a type or subtype for %t (RFC 6838) */
#define MAILCAP_PARAM_NAME_MAX	64	/* bytes in the name of %{name} */
#define MAILCAP_EXT_MAX		16	/* bytes of an extension kept when a name is cut */
#define MAILCAP_SHOWN_MAX	64	/* bytes of a message's value quoted in an error */

static const char *const mailcap_system_paths[] = {
	"/etc/mailcap", "/usr/share/etc/mailcap", "/usr/etc/mailcap",
	"/usr/local/etc/mailcap",
};

static const char *const mailcap_action_names[] = {
	[MAILCAP_VIEW] = "view", [MAILCAP_PRINT] = "print",
	[MAILCAP_EDIT] = "edit", [MAILCAP_COMPOSE] = "compose",
};

/* The named fields kept; "tmpl" ones are commands, with "\%" kept as "%%". */
static const struct mailcap_field {
	const char *name;
	size_t offset;
	bool tmpl;
} mailcap_fields[] = {
	{ "test", offsetof(struct mailcap_entry, test), true },
	{ "print", offsetof(struct mailcap_entry, print), true },
	{ "edit", offsetof(struct mailcap_entry, edit), true },
	{ "compose", offsetof(struct mailcap_entry, compose), true },
	{ "composetyped", offsetof(struct mailcap_entry, composetyped), true },
	{ "nametemplate", offsetof(struct mailcap_entry, nametemplate), true },
	{ "description", offsetof(struct mailcap_entry, description), false },
	{ "x11-bitmap", offsetof(struct mailcap_entry, x11_bitmap), false },
};

#define MAILCAP_NFIELDS	(sizeof(mailcap_fields) / sizeof(mailcap_fields[0]))

static const struct {
	const char *name;
	unsigned flag;
} mailcap_flags[] = {
	{ "needsterminal", MAILCAP_NEEDSTERMINAL },
	{ "copiousoutput", MAILCAP_COPIOUSOUTPUT },
};

void
mailcap_init(struct mailcap *mc)
{
	vec_init(&mc->entries, sizeof(struct mailcap_entry));
	strvec_init(&mc->files);
}

static void
entry_free(struct mailcap_entry *en)
{
	free(en->type);
	free(en->view);
	for (size_t i = 0; i < MAILCAP_NFIELDS; i++)
		free(*(char **)((char *)en + mailcap_fields[i].offset));
}

/* Frees the entries from the n-th on. */
static void
entries_truncate(struct mailcap *mc, size_t n)
{
	for (size_t i = n; i < mc->entries.len; i++)
		entry_free(VEC_AT(&mc->entries, struct mailcap_entry, i));
	mc->entries.len = n;
}

void
mailcap_free(struct mailcap *mc)
{
	entries_truncate(mc, 0);
	vec_free(&mc->entries);
	strvec_free(&mc->files);
}

void
mailcap_default_paths(struct strvec *out)
{
	const char *env = getenv("MAILCAPS");
	struct strvec parts = STRVEC_INIT;
	char *home;
	size_t n;

	if (env != NULL && env[0] != '\0') {
		n = str_split(&parts, env, ':', STR_SPLIT_SKIP_EMPTY);
		for (size_t i = 0; i < n && i < MAILCAP_PATHS_MAX; i++)
			strvec_push_owned(out,
			    fs_expand_home(strvec_get(&parts, i)));
		strvec_free(&parts);
		return;
	}
	/* without a home directory "~" stays as it is: no such file */
	home = fs_expand_home("~/.mailcap");
	if (home[0] == '/')
		strvec_push_owned(out, home);
	else
		free(home);
	for (size_t i = 0; i < sizeof(mailcap_system_paths) /
	    sizeof(mailcap_system_paths[0]); i++)
		strvec_push(out, mailcap_system_paths[i]);
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Whether s[i] follows an odd run of backslashes, that is, is escaped. */
static bool
is_escaped(const char *s, size_t i)
{
	size_t n = 0;

	while (n < i && s[i - n - 1] == '\\')
		n++;
	return n % 2 == 1;
}

/* Trims white space off both ends of s[0..*len), but not an escaped one. */
static const char *
trim(const char *s, size_t *len)
{
	while (*len > 0 && is_blank(s[0])) {
		s++;
		(*len)--;
	}
	while (*len > 0 && is_blank(s[*len - 1]) && !is_escaped(s, *len - 1))
		(*len)--;
	return s;
}

/*
 * The field's text with backslash escapes resolved, allocated. In a command
 * template "\%" is a literal '%', which proc_expand_values reads as "%%".
 */
static char *
unescape(const char *raw, size_t len, bool tmpl)
{
	struct buf b = BUF_INIT;

	raw = trim(raw, &len);
	for (size_t i = 0; i < len; i++) {
		if (raw[i] == '\\' && i + 1 < len) {
			i++;
			if (tmpl && raw[i] == '%')
				buf_addc(&b, '%');
			buf_addc(&b, raw[i]);
		} else {
			buf_addc(&b, raw[i]);
		}
	}
	return buf_detach(&b);
}

/* The next ';'-separated field of s[*pos..len), escapes kept; false after the last. */
static bool
next_field(const char *s, size_t len, size_t *pos, const char **f,
    size_t *flen)
{
	size_t i = *pos;

	if (i > len)
		return false;
	while (i < len && s[i] != ';')
		i += s[i] == '\\' && i + 1 < len ? 2 : 1;
	*f = s + *pos;
	*flen = i - *pos;
	*pos = i + 1;	/* past the ';', or past the end after the last field */
	return true;
}

/*
 * The type field in lower case, always with a subtype: a bare "text" or "*"
 * is a wildcard and gets the subtype "*". NULL when it is no type.
 */
static char *
parse_type(const char *raw, size_t len)
{
	char *t = unescape(raw, len, false), *slash;
	size_t n = strlen(t);
	bool ok = n > 0 && n <= MAILCAP_TYPE_MAX && t[0] != '/';

	for (size_t i = 0; ok && i < n; i++)
		ok = t[i] > ' ' && t[i] < 0x7f && t[i] != ';';
	slash = strchr(t, '/');
	if (ok && slash != NULL)
		ok = slash[1] != '\0' && strchr(slash + 1, '/') == NULL;
	if (!ok) {
		free(t);
		return NULL;
	}
	str_to_lower_ascii(t);
	if (slash == NULL) {
		char *w = xasprintf("%s/*", t);

		free(t);
		return w;
	}
	if (strcmp(t, "*/*") != 0 && t[0] == '*' && t[1] == '/') {
		free(t);	/* "*" with a subtype means nothing */
		return NULL;
	}
	return t;
}

/* One field after the view command: a flag, or name=value. */
static void
parse_option(struct mailcap_entry *en, const char *f, size_t flen)
{
	const char *eq = memchr(f, '=', flen);
	size_t nlen = eq != NULL ? (size_t)(eq - f) : flen;
	const char *name = trim(f, &nlen);
	char **slot;

	if (eq == NULL) {
		for (size_t i = 0; i < sizeof(mailcap_flags) /
		    sizeof(mailcap_flags[0]); i++) {
			if (strlen(mailcap_flags[i].name) == nlen &&
			    str_ncasecmp_ascii(name, mailcap_flags[i].name,
			    nlen) == 0)
				en->flags |= mailcap_flags[i].flag;
		}
		return;
	}
	for (size_t i = 0; i < MAILCAP_NFIELDS; i++) {
		const struct mailcap_field *mf = &mailcap_fields[i];

		if (strlen(mf->name) != nlen ||
		    str_ncasecmp_ascii(name, mf->name, nlen) != 0)
			continue;
		slot = (char **)((char *)en + mf->offset);
		free(*slot);	/* the last one counts, as in mutt */
		*slot = unescape(eq + 1, (size_t)(f + flen - (eq + 1)),
		    mf->tmpl);
		return;
	}
}

/* Parses one entry; false when it has no type or no view field. */
static bool
parse_entry(struct mailcap_entry *en, const char *s, size_t len)
{
	const char *f;
	size_t flen, pos = 0;

	memset(en, 0, sizeof(*en));
	if (!next_field(s, len, &pos, &f, &flen) ||
	    (en->type = parse_type(f, flen)) == NULL)
		return false;
	if (!next_field(s, len, &pos, &f, &flen)) {
		free(en->type);
		return false;
	}
	en->view = unescape(f, flen, true);
	while (next_field(s, len, &pos, &f, &flen))
		parse_option(en, f, flen);
	return true;
}

/* Adds the entry in line (if it is one); -1 past the entry limit. */
static int
add_line(struct mailcap *mc, const char *file, size_t lineno,
    const struct buf *line, size_t *count, struct err *e)
{
	const char *s = buf_cstr(line);
	size_t len = line->len, skip = 0;
	struct mailcap_entry en;

	while (skip < len && is_blank(s[skip]))
		skip++;
	if (skip == len || s[skip] == '#' || memchr(s, '\0', len) != NULL)
		return 0;
	if (!parse_entry(&en, s, len))
		return 0;
	if (++*count > MAILCAP_ENTRIES_MAX) {
		entry_free(&en);
		return err_set(e, "%s: more than %d entries", file,
		    MAILCAP_ENTRIES_MAX);
	}
	en.file = file;
	en.line = lineno;
	vec_push(&mc->entries, &en);
	return 0;
}

/* Whether the physical line s[0..n) ends in an odd run of backslashes. */
static bool
continues(const char *s, size_t n)
{
	return n > 0 && s[n - 1] == '\\' && !is_escaped(s, n - 1);
}

/* Splits data into entries, joining continued lines. */
static int
parse_data(struct mailcap *mc, const char *file, const char *data,
    size_t len, struct err *e)
{
	struct buf line = BUF_INIT;
	size_t pos = 0, lineno = 0, first = 1, count = 0, n;
	const char *s, *nl;
	bool more = false;
	int rc = 0;

	while (rc == 0 && pos < len) {
		s = data + pos;
		nl = memchr(s, '\n', len - pos);
		n = nl != NULL ? (size_t)(nl - s) : len - pos;
		pos += n + (nl != NULL);
		if (!more)
			first = lineno + 1;
		lineno++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if ((more = continues(s, n)))
			n--;
		if (line.len + n > MAILCAP_LINE_MAX) {
			rc = err_set(e, "%s:%zu: an entry longer than %d bytes",
			    file, first, MAILCAP_LINE_MAX);
			break;
		}
		buf_add(&line, s, n);
		if (more && pos < len)
			continue;
		rc = add_line(mc, file, first, &line, &count, e);
		buf_reset(&line);
	}
	buf_free(&line);
	return rc;
}

/* Reads one file's entries: 1 when it does not exist, 0 when read, -1 on error. */
static int
load_file(struct mailcap *mc, const char *path, struct buf *data,
    struct err *e)
{
	const char *file;
	struct stat st;

	if (stat(path, &st) == -1)
		return errno == ENOENT || errno == ENOTDIR ? 1 :
		    err_errno(e, "cannot read %s", path);
	strvec_push(&mc->files, path);
	file = strvec_get(&mc->files, strvec_len(&mc->files) - 1);
	/* a FIFO would block the open; /dev/null is a fine empty file */
	if (S_ISFIFO(st.st_mode) || S_ISDIR(st.st_mode))
		return err_set(e, "%s is not a regular file", file);
	buf_reset(data);
	if (fs_read_file(file, data, MAILCAP_FILE_MAX, e) == -1)
		return -1;
	return parse_data(mc, file, buf_cstr(data), data->len, e);
}

int
mailcap_parse(struct mailcap *mc, const char *name, const char *data, size_t len,
    struct err *e)
{
	size_t before = mc->entries.len;

	if (len > MAILCAP_FILE_MAX)
		return err_setx(e, ERR_FATAL, "%s is larger than %u bytes", name,
		    (unsigned)MAILCAP_FILE_MAX);
	strvec_push(&mc->files, name);
	if (parse_data(mc, strvec_get(&mc->files, strvec_len(&mc->files) - 1), data, len,
	    e) < 0) {
		entries_truncate(mc, before);
		return -1;
	}
	return 0;
}

int
mailcap_load(struct mailcap *mc, const char *const *paths, size_t n,
    struct err *e)
{
	size_t before = mc->entries.len;
	struct buf data = BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		if (load_file(mc, paths[i], &data, e) == -1)
			rc = -1;
	}
	if (rc == -1)
		entries_truncate(mc, before);
	buf_free(&data);
	return rc;
}

/* Whether an entry's type (lower case, with a subtype) covers the message's. */
static bool
type_matches(const char *pattern, const char *type)
{
	const char *slash = strchr(pattern, '/');
	size_t major = (size_t)(slash - pattern);

	if (strcmp(pattern, "*/*") == 0)
		return true;
	if (strcmp(slash + 1, "*") == 0)
		return str_ncasecmp_ascii(pattern, type, major) == 0 &&
		    (type[major] == '/' || type[major] == '\0');
	return str_casecmp_ascii(pattern, type) == 0;
}

/* The command template for an action, NULL when the entry has none. */
static const char *
command_for(const struct mailcap_entry *en, unsigned action)
{
	const char *c = action == MAILCAP_PRINT ? en->print :
	    action == MAILCAP_EDIT ? en->edit :
	    action == MAILCAP_COMPOSE ? en->compose : en->view;

	return c != NULL && c[0] != '\0' ? c : NULL;
}

/* What the % sequences of one command stand for. */
struct mailcap_expand {
	const char *type;
	const char *path;	/* NULL for a test: no file yet */
	const struct mailcap_params *params;
	struct err *e;
	bool failed;
	size_t files;		/* how many %s */
};

/* The first refusal counts; its message names the value, made visible. */
static void
refuse(struct mailcap_expand *x, const char *what, const char *value,
    const char *why)
{
	struct buf shown = BUF_INIT;
	size_t len = strlen(value);

	if (x->failed)
		return;
	x->failed = true;
	str_make_visible(&shown, value,
	    len > MAILCAP_SHOWN_MAX ? MAILCAP_SHOWN_MAX : len);
	err_setx(x->e, ERR_MESSAGE, "%s \"%s%s\" %s", what, buf_cstr(&shown),
	    len > MAILCAP_SHOWN_MAX ? "..." : "", why);
	buf_free(&shown);
}

/* letters, digits, ".+-_", starting with a letter or digit, 1..127 bytes */
static bool
plain_half(const char *s, size_t len)
{
	if (len == 0 || len > MAILCAP_HALF_MAX ||
	    !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
	    (s[0] >= '0' && s[0] <= '9')))
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    strchr(".+-_", s[i]) != NULL))
			return false;
	}
	return true;
}

static bool
plain_type(const char *t)
{
	const char *slash = strchr(t, '/');

	return slash != NULL && plain_half(t, (size_t)(slash - t)) &&
	    plain_half(slash + 1, strlen(slash + 1));
}

static const char *
param_value(const struct mailcap_params *p, const char *name, size_t len)
{
	for (size_t i = 0; p != NULL && i < p->n; i++) {
		if (strlen(p->list[i].name) == len &&
		    str_ncasecmp_ascii(p->list[i].name, name, len) == 0)
			return p->list[i].value != NULL ? p->list[i].value : "";
	}
	return "";
}

/* A MIME parameter name, as far as %{name} goes: letters, digits, "-_.*" */
static bool
param_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("-_.*", c) != NULL);
}

/* proc_value_fn for %s, %t and %{name}; a refused value is noted, not used. */
static const char *
lookup(void *arg, const char *seq, size_t *len)
{
	struct mailcap_expand *x = arg;
	const char *end, *v;

	*len = 2;
	if (seq[1] == 's') {
		x->files++;
		if (x->path == NULL)
			refuse(x, "the command", "%s", "needs the file");
		return x->path != NULL ? x->path : "";
	}
	if (seq[1] == 't') {
		if (!plain_type(x->type))
			refuse(x, "the content type", x->type,
			    "is not a plain type/subtype to pass as %t");
		return x->failed ? "" : x->type;
	}
	if (seq[1] != '{')
		return NULL;
	for (end = seq + 2; end - seq - 2 <= MAILCAP_PARAM_NAME_MAX &&
	    param_name_char(*end); end++)
		;
	if (*end != '}' || end == seq + 2 ||
	    end - seq - 2 > MAILCAP_PARAM_NAME_MAX)
		return NULL;
	*len = (size_t)(end - seq) + 1;
	v = param_value(x->params, seq + 2, (size_t)(end - seq - 2));
	if (v[0] == '-')
		refuse(x, "the parameter value", v,
		    "starts with '-' and could pass for an option");
	return x->failed ? "" : v;
}

/* Appends the expanded template; -1, out unchanged, on a refused value. */
static int
expand(struct buf *out, const char *tmpl, struct mailcap_expand *x)
{
	size_t start = out->len;

	proc_expand_values(out, tmpl, lookup, x);
	if (!x->failed)
		return 0;
	buf_truncate(out, start);
	return -1;
}

/* Runs en's test=; a test that cannot run or needs the file fails. */
static bool
test_passes(const struct mailcap_entry *en, const char *type,
    const struct mailcap_params *params)
{
	struct buf cmd = BUF_INIT, out = BUF_INIT;
	struct err e;
	struct mailcap_expand x = { type, NULL, params, &e, false, 0 };
	bool ok = false;

	err_clear(&e);
	/* a test is a probe: its complaints must not reach the screen */
	buf_adds(&cmd, "exec 2>/dev/null; ");
	if (expand(&cmd, en->test, &x) == 0)
		ok = proc_run_capture(buf_cstr(&cmd), &out,
		    MAILCAP_TEST_OUTPUT_MAX, NULL, &e) == 0;
	buf_free(&cmd);
	buf_free(&out);
	return ok;
}

const struct mailcap_entry *
mailcap_find(const struct mailcap *mc, const char *type,
    const struct mailcap_params *params, unsigned flags)
{
	const struct mailcap_entry *en;

	for (size_t i = 0; i < mc->entries.len; i++) {
		en = VEC_AT(&mc->entries, struct mailcap_entry, i);
		if (!type_matches(en->type, type) ||
		    command_for(en, flags & MAILCAP_ACTION) == NULL)
			continue;
		if ((flags & MAILCAP_INLINE) &&
		    !(en->flags & MAILCAP_COPIOUSOUTPUT))
			continue;
		if (en->test != NULL && en->test[0] != '\0' &&
		    !test_passes(en, type, params))
			continue;
		return en;
	}
	return NULL;
}

int
mailcap_command(struct buf *out, const struct mailcap_entry *en,
    unsigned action, const char *type, const char *path,
    const struct mailcap_params *params, struct err *e)
{
	struct mailcap_expand x = { type, NULL, params, e, false, 0 };
	size_t start = out->len;
	const char *tmpl;
	char *safe, *wrapped;
	int rc;

	action &= MAILCAP_ACTION;
	if ((tmpl = command_for(en, action)) == NULL)
		return err_setx(e, ERR_MESSAGE, "%s:%zu: the entry for %s has "
		    "no %s command", en->file, en->line, en->type,
		    mailcap_action_names[action]);
	safe = path[0] == '-' ? xasprintf("./%s", path) : xstrdup(path);
	x.path = safe;
	rc = expand(out, tmpl, &x);
	if (rc == 0 && x.files == 0) {
		buf_truncate(out, start);
		if (action == MAILCAP_EDIT || action == MAILCAP_COMPOSE) {
			rc = err_setx(e, ERR_MESSAGE, "%s:%zu: the %s command "
			    "for %s has no %%s", en->file, en->line,
			    mailcap_action_names[action], en->type);
		} else {
			/* RFC 1524: without %s the data goes on standard input */
			wrapped = xasprintf("exec <%%s; %s", tmpl);
			rc = expand(out, wrapped, &x) == 0 ? MAILCAP_STDIN : -1;
			free(wrapped);
		}
	}
	free(safe);
	return rc;
}

/* ASCII kept in a file name: what no shell or option parser reads specially. */
static bool
name_ascii_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr(" ._-+,=@:", c));
}

/* C1 controls and the marks that reorder how a name is displayed. */
static bool
name_cp_bad(int32_t cp)
{
	return cp < 0 || (cp >= 0x80 && cp <= 0x9f) || cp == 0x200e ||
	    cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

/* Appends s[0..len) with every byte or character not fit for a name as '_'. */
static void
name_clean(struct buf *out, const char *s, size_t len)
{
	size_t i = 0, n;
	int32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			buf_addc(out, name_ascii_ok(s[i]) ? s[i] : '_');
			i++;
			continue;
		}
		n = str_utf8_next(s + i, len - i, &cp);
		if (name_cp_bad(cp))
			buf_addc(out, '_');
		else
			buf_add(out, s + i, n);
		i += n;
	}
}

/* Cleans s into out; trims spaces; a leading '-' or '.' becomes '_'. */
static void
name_safe(struct buf *out, const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	const char *t;
	size_t tlen;

	name_clean(&b, s, len);
	tlen = b.len;
	t = trim(buf_cstr(&b), &tlen);
	if (tlen > 0 && (t[0] == '-' || t[0] == '.')) {
		buf_addc(out, '_');
		t++;
		tlen--;
	}
	buf_add(out, t, tlen);
	buf_free(&b);
}

/* Cuts name to MAILCAP_NAME_MAX bytes on a character boundary, extension kept. */
static void
name_cap(struct buf *name)
{
	const char *dot = strrchr(buf_cstr(name), '.');
	size_t ext = dot != NULL ? name->len - (size_t)(dot - name->data) : 0;
	size_t cut;

	if (name->len <= MAILCAP_NAME_MAX)
		return;
	if (ext > MAILCAP_EXT_MAX || ext == name->len)
		ext = 0;
	cut = MAILCAP_NAME_MAX - ext;
	while (cut > 0 && (name->data[cut] & 0xc0) == 0x80)
		cut--;
	memmove(name->data + cut, name->data + name->len - ext, ext);
	buf_truncate(name, cut + ext);
}

/* The template's text between from and to, "%%" read as '%'. */
static void
add_literal(struct buf *out, const char *from, const char *to)
{
	for (const char *s = from; s < to; s++) {
		buf_addc(out, *s);
		if (s[0] == '%' && s + 1 < to && s[1] == '%')
			s++;
	}
}

/* Whether name already has the template's form: prefix, something, suffix. */
static bool
has_form(const char *name, const struct buf *pre, const struct buf *suf)
{
	size_t n = strlen(name);

	return n > pre->len + suf->len &&
	    str_ncasecmp_ascii(name, buf_cstr(pre), pre->len) == 0 &&
	    str_casecmp_ascii(name + n - suf->len, buf_cstr(suf)) == 0;
}

/* Applies a nametemplate ("%s.pdf") to a clean name. */
static void
name_apply(struct buf *out, const char *tmpl, const char *name)
{
	struct buf pre = BUF_INIT, suf = BUF_INIT;
	const char *s = tmpl;

	while (*s != '\0' && !(s[0] == '%' && s[1] == 's'))
		s += s[0] == '%' && s[1] == '%' ? 2 : 1;
	add_literal(&pre, tmpl, s);
	if (*s != '\0')
		add_literal(&suf, s + 2, s + strlen(s));
	if (*s == '\0')
		buf_add(out, buf_cstr(&pre), pre.len);	/* one name for all */
	else if (has_form(name, &pre, &suf))
		buf_adds(out, name);
	else
		buf_addf(out, "%s%s%s", buf_cstr(&pre), name, buf_cstr(&suf));
	buf_free(&pre);
	buf_free(&suf);
}

char *
mailcap_temp_name(const struct mailcap_entry *en, const char *attachment_name)
{
	struct buf name = BUF_INIT, full = BUF_INIT;
	const char *base = attachment_name != NULL ? attachment_name : "";
	const char *tmpl = en != NULL ? en->nametemplate : NULL;

	for (const char *s = base; *s != '\0'; s++) {
		if (*s == '/' || *s == '\\')
			base = s + 1;
	}
	name_safe(&name, base, strlen(base));
	if (name.len == 0)
		buf_adds(&name, "attachment");
	if (tmpl != NULL && tmpl[0] != '\0') {
		name_apply(&full, tmpl, buf_cstr(&name));
		/* the template may bring a '/' of its own */
		buf_reset(&name);
		name_safe(&name, buf_cstr(&full), full.len);
		if (name.len == 0)
			buf_adds(&name, "attachment");
	}
	name_cap(&name);
	buf_free(&full);
	return buf_detach(&name);
}
