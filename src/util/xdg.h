/* xdg.h: where taube keeps its files, per the XDG Base Directory specification. */
#ifndef TAUBE_UTIL_XDG_H
#define TAUBE_UTIL_XDG_H

enum xdg_kind {
	XDG_CONFIG,	/* $XDG_CONFIG_HOME, else ~/.config */
	XDG_CACHE,	/* $XDG_CACHE_HOME, else ~/.cache */
	XDG_DATA,	/* $XDG_DATA_HOME, else ~/.local/share */
	XDG_STATE,	/* $XDG_STATE_HOME, else ~/.local/state */
};

/*
 * Each returns an allocated directory name: the variable when it is set to
 * an absolute path (the specification says to ignore a relative one), else
 * the default under the home directory; NULL when neither is known.
 * Trailing slashes are dropped.
 */
char *xdg_config_home(void);
char *xdg_cache_home(void);
char *xdg_data_home(void);
char *xdg_state_home(void);
char *xdg_home(enum xdg_kind kind);

/*
 * "<base>/taube/<leaf>" (or "<base>/taube" when leaf is NULL or empty),
 * e.g. xdg_taube_path(XDG_CONFIG, "config"). Allocated; NULL as above.
 * Nothing is created.
 */
char *xdg_taube_path(enum xdg_kind kind, const char *leaf);

#endif
