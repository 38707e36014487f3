/* input_file.c: stat before open, for every input (see input_file.h). */
#include "input/input_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m))
        return "a folder";
    if (S_ISFIFO(m))
        return "a named pipe (FIFO)";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a regular file";
}

static jh_status refuse(const char *name, mode_t m, jh_error *err)
{
    return jh_error_set(err, JH_ERR_INPUT, "%s: expected a regular file, got %s", name,
                        kind_of(m));
}

jh_status jh_input_check(const char *path, const char *name, jh_error *err)
{
    if (!name)
        name = path;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return jh_error_set(err, JH_ERR_INPUT, "%s: cannot open: %s", name, strerror(errno));
    if (!S_ISREG(sb.st_mode))
        return refuse(name, sb.st_mode, err);
    return JH_OK;
}

/* Opens a checked regular file read-only; -1 with errno (EINVAL for a
 * file that is not regular, *mode set) otherwise. */
static int open_regular(const char *path, mode_t *mode)
{
    struct stat sb;
    *mode = 0;
    if (stat(path, &sb) != 0)
        return -1;
    if (!S_ISREG(sb.st_mode)) {
        *mode = sb.st_mode;
        errno = EINVAL;
        return -1;
    }
    /* O_NONBLOCK: a FIFO put in its place after stat() must not block */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        *mode = sb.st_mode;
        close(fd);
        errno = EINVAL;
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

FILE *jh_input_fopen(const char *path, const char *name, jh_error *err)
{
    if (!name)
        name = path;
    mode_t mode;
    int fd = open_regular(path, &mode);
    if (fd < 0) {
        if (mode)
            refuse(name, mode, err);
        else
            jh_error_set(err, JH_ERR_INPUT, "%s: cannot open: %s", name, strerror(errno));
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        jh_error_set(err, JH_ERR_RUN, "%s: cannot open: %s", name, strerror(errno));
        close(fd);
    }
    return f;
}

/* ---- Shapelib ---------------------------------------------------------- */

static _Thread_local char shp_message[512];

static void keep(const char *msg)
{
    if (shp_message[0])
        return; /* the first message is the cause; later ones follow from it */
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)msg; *p && n + 5 < sizeof shp_message;
         p++) {
        if (*p < 0x20 || *p == 0x7f) {
            if (*p == '\n' && p[1] == '\0')
                break;
            n += (size_t)snprintf(shp_message + n, sizeof shp_message - n, "\\x%02X", *p);
        } else {
            shp_message[n++] = (char)*p;
        }
    }
    shp_message[n] = '\0';
}

/* A file Shapelib reads, with the position it is at when known. */
typedef struct shp_file {
    FILE *f;
    SAOffset pos;
    bool known;
} shp_file;

static SAFile hook_open(const char *filename, const char *access)
{
    if (strchr(access, 'w') || strchr(access, '+') || strchr(access, 'a'))
        return NULL; /* inputs are read only */
    mode_t mode;
    int fd = open_regular(filename, &mode);
    if (fd < 0) {
        if (mode) {
            char msg[600];
            snprintf(msg, sizeof msg, "%s: expected a regular file, got %s", filename,
                     kind_of(mode));
            keep(msg);
        }
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return NULL;
    }
    shp_file *h = malloc(sizeof *h);
    if (!h) {
        fclose(f);
        return NULL;
    }
    h->f = f;
    h->pos = 0;
    h->known = true;
    return (SAFile)h;
}

/* Shapelib seeks before every record it reads, most often to where the
 * last read ended; glibc's fseek then still asks the kernel where the file
 * is (an lseek per record). The position is kept here instead, and a seek
 * to it costs nothing. */
static SAOffset hook_read(void *p, SAOffset size, SAOffset n, SAFile file)
{
    shp_file *h = (shp_file *)file;
    size_t got = fread(p, (size_t)size, (size_t)n, h->f);
    if (got == (size_t)n)
        h->pos += (SAOffset)got * size;
    else
        h->known = false; /* a short read: where it stopped is not counted */
    return (SAOffset)got;
}

static SAOffset hook_write(void *p, SAOffset size, SAOffset n, SAFile file)
{
    (void)p, (void)size, (void)n, (void)file;
    return 0; /* inputs are read only */
}

static SAOffset hook_seek(SAFile file, SAOffset offset, int whence)
{
    shp_file *h = (shp_file *)file;
    if (whence == SEEK_SET && h->known && offset == h->pos)
        return 0;
    int r = fseeko(h->f, (off_t)offset, whence);
    h->known = r == 0 && whence == SEEK_SET;
    if (h->known)
        h->pos = offset;
    return (SAOffset)r;
}

static SAOffset hook_tell(SAFile file)
{
    shp_file *h = (shp_file *)file;
    return h->known ? h->pos : (SAOffset)ftello(h->f);
}

static int hook_flush(SAFile file) { return fflush(((shp_file *)file)->f); }

static int hook_close(SAFile file)
{
    shp_file *h = (shp_file *)file;
    int r = fclose(h->f);
    free(h);
    return r;
}

static void hook_error(const char *message) { keep(message); }

void jh_input_shapelib_hooks(SAHooks *hooks)
{
    SASetupDefaultHooks(hooks);
    hooks->FOpen = hook_open;
    hooks->FRead = hook_read;
    hooks->FWrite = hook_write;
    hooks->FSeek = hook_seek;
    hooks->FTell = hook_tell;
    hooks->FFlush = hook_flush;
    hooks->FClose = hook_close;
    hooks->Error = hook_error;
}

const char *jh_input_shapelib_message(void) { return shp_message; }

void jh_input_shapelib_reset(void) { shp_message[0] = '\0'; }

char *jh_input_read_all(const char *path, const char *name, size_t *len, jh_error *err)
{
    const char *nm = name ? name : path;
    FILE *f = jh_input_fopen(path, name, err); /* a regular file: no folder, no FIFO */
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 16384;
            char *nb = realloc(buf, cap + 1);
            if (!nb) {
                free(buf);
                fclose(f);
                jh_error_set(err, JH_ERR_RUN, "%s: out of memory", nm);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        jh_error_set(err, JH_ERR_INPUT, "%s: cannot read the file", nm);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}
