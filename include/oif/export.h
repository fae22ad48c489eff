/*
 * OIF_API marks what the Open Interfaces libraries export.  The libraries
 * are compiled with hidden symbol visibility, so a function or object is
 * part of the binary interface exactly when its public declaration carries
 * OIF_API; everything else stays internal to its library.  Users'
 * declarations may carry it too (an implementation that is itself built
 * with -fvisibility=hidden exports its ABI declaration this way).
 */
#ifndef OIF_EXPORT_H
#define OIF_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define OIF_API __attribute__((visibility("default")))
#else
#define OIF_API
#endif

#endif /* OIF_EXPORT_H */
