package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/bedside-health/bedside/app/server"
	"github.com/bedside-health/bedside/app/ui"
)

func init() {
	register("serve", command{"serve the app, web/ and the weights (GET and HEAD only)", runServe})
	register("export", command{"write the app as a static site for any static host", runExport})
}

var registerUI sync.Once

// openSite registers the pages (the server only prerenders them, so the UI
// gets no model client) and opens the site rooted at root.
func openSite(root string) (*server.Site, error) {
	registerUI.Do(func() { ui.Register(nil) })
	return server.Open(root)
}

func runServe(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8000", "address to listen on")
	root := fs.String("root", ".", "directory holding web/ (built by `make build`)")
	cert := fs.String("tls-cert", "", "TLS certificate file (PEM); serve HTTPS with -tls-key")
	key := fs.String("tls-key", "", "TLS private key file (PEM)")
	quiet := fs.Bool("quiet", false, "no access log")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if (*cert == "") != (*key == "") {
		fmt.Fprintln(stderr, "bedside serve: -tls-cert and -tls-key go together")
		return 2
	}
	site, err := openSite(*root)
	if err != nil {
		fmt.Fprintln(stderr, "bedside serve:", err)
		return 1
	}
	if !*quiet {
		site.Log = log.New(stderr, "", log.LstdFlags)
	}
	srv := &http.Server{
		Addr:              *addr,
		Handler:           site,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() {
		scheme := "http"
		if *cert != "" {
			scheme = "https"
			errc <- srv.ListenAndServeTLS(*cert, *key)
			return
		}
		fmt.Fprintf(stdout, "Bedside %s on %s://%s (%d models)\n", site.Version, scheme, *addr, len(site.Models))
		errc <- srv.ListenAndServe()
	}()
	select {
	case err := <-errc:
		fmt.Fprintln(stderr, "bedside serve:", err)
		return 1
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "bedside serve: shutdown:", err)
		return 1
	}
	return 0
}

func runExport(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "directory holding web/ (built by `make build`)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: bedside export [-root .] DIR")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	site, err := openSite(*root)
	if err != nil {
		fmt.Fprintln(stderr, "bedside export:", err)
		return 1
	}
	if err := site.Export(fs.Arg(0), site.Pages()); err != nil {
		fmt.Fprintln(stderr, "bedside export:", err)
		return 1
	}
	fmt.Fprintf(stdout, "exported Bedside %s to %s\n", site.Version, fs.Arg(0))
	return 0
}

func init() {
	register("precompress", command{"write .br and .gz copies of web/ files (part of `make build`)", runPrecompress})
}

func runPrecompress(args []string, _ io.Reader, _, stderr io.Writer) int {
	fs := flag.NewFlagSet("precompress", flag.ContinueOnError)
	fs.SetOutput(stderr)
	quality := fs.Int("quality", 11, "brotli quality, 0..11")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: bedside precompress [-quality 11] DIR")
		return 2
	}
	if err := server.Precompress(fs.Arg(0), *quality); err != nil {
		fmt.Fprintln(stderr, "bedside precompress:", err)
		return 1
	}
	return 0
}
