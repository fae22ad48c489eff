/* An implementation's .conf file: two lines, its language and the details
 * the language bridge needs to load it. */
#ifndef OIF_DISPATCH_CONF_FILE_H
#define OIF_DISPATCH_CONF_FILE_H

typedef struct {
    char *language; /* first line, trimmed */
    char *details;  /* second line, trimmed */
} ImplConf;

/* Reads and checks `path`.  0 on success (release with conf_file_release);
 * else OIF_IMPL_INIT_ERROR or OIF_IMPL_NOT_AVAILABLE_ERROR with a message. */
int conf_file_read(const char *path, ImplConf *conf);

void conf_file_release(ImplConf *conf);

#endif
