"""gunicorn settings for `make bench`: none. Every server it starts – the portal and the bare
Flask reference alike – gets its settings on the command line, so both run the same way and
write the plain access log the benchmark reads (not the production gunicorn.conf.py, whose
JSON access log and worker recycling would differ between the two)."""
