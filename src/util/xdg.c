/* xdg.c: XDG base directories. */
#include "util/xdg.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/fs.h"
#include "util/xalloc.h"

struct xdg_base {
	const char *var;
	const char *fallback;	/* under the home directory */
};

static const struct xdg_base xdg_bases[] = {
	[XDG_CONFIG] = { "XDG_CONFIG_HOME", ".config" },
	[XDG_CACHE] = { "XDG_CACHE_HOME", ".cache" },
	[XDG_DATA] = { "XDG_DATA_HOME", ".local/share" },
	[XDG_STATE] = { "XDG_STATE_HOME", ".local/state" },
};

/* Drops trailing slashes, but leaves "/" alone. */
static char *
strip_slashes(char *s)
{
	size_t len = strlen(s);

	while (len > 1 && s[len - 1] == '/')
		s[--len] = '\0';
	return s;
}

char *
xdg_home(enum xdg_kind kind)
{
	const struct xdg_base *b = &xdg_bases[kind];
	const char *v = getenv(b->var);
	char *home, *dir;

	if (v != NULL && v[0] == '/')
		return strip_slashes(xstrdup(v));
	if ((home = fs_home_dir()) == NULL)
		return NULL;
	strip_slashes(home);
	dir = xasprintf("%s%s%s", home, strcmp(home, "/") == 0 ? "" : "/",
	    b->fallback);
	free(home);
	return dir;
}

char *
xdg_config_home(void)
{
	return xdg_home(XDG_CONFIG);
}

char *
xdg_cache_home(void)
{
	return xdg_home(XDG_CACHE);
}

char *
xdg_data_home(void)
{
	return xdg_home(XDG_DATA);
}

char *
xdg_state_home(void)
{
	return xdg_home(XDG_STATE);
}

char *
xdg_taube_path(enum xdg_kind kind, const char *leaf)
{
	char *base = xdg_home(kind), *path;
	bool has_leaf = leaf != NULL && leaf[0] != '\0';

	if (base == NULL)
		return NULL;
	path = xasprintf("%s%staube%s%s", base,
	    strcmp(base, "/") == 0 ? "" : "/", has_leaf ? "/" : "",
	    has_leaf ? leaf : "");
	free(base);
	return path;
}
