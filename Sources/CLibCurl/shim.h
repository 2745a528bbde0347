#ifndef HUITONG_CLIBCURL_SHIM_H
#define HUITONG_CLIBCURL_SHIM_H

#include <curl/curl.h>

/*
 * curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic and cannot be
 * called from Swift. These typed wrappers fix the argument type per call so Swift sees an
 * ordinary C function. They are `static inline` (never `extern inline`) so every including
 * translation unit gets its own copy and nothing needs to be linked.
 */

static inline CURLcode huitong_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode huitong_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode huitong_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode huitong_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode huitong_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*huitong_data_callback)(char *buffer, size_t size, size_t count, void *userdata);

static inline CURLcode huitong_easy_setopt_data_callback(CURL *handle, CURLoption option, huitong_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

typedef int (*huitong_progress_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                         curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode huitong_easy_setopt_progress_callback(CURL *handle, huitong_progress_callback value) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, value);
}

static inline CURLcode huitong_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode huitong_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode huitong_easy_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode huitong_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, (char **)value);
}

static inline CURLcode huitong_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode huitong_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

/* CURLVERSION_NOW is a macro Swift cannot import. */
static inline curl_version_info_data *huitong_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}

#endif
