package watch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"apidoctor/checks"
)

// Metrics exposes a watch to Prometheus: a probe duration histogram by
// phase and outcome, a probe counter by outcome and status, an up gauge.
type Metrics struct {
	reg      *prometheus.Registry
	duration *prometheus.HistogramVec
	probes   *prometheus.CounterVec
	up       prometheus.Gauge
}

// NewMetrics builds the metrics on a registry of their own.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "apidoctor_probe_duration_seconds",
			Help:    "Time of each phase of a probe of the Claude API path (total included).",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"phase", "outcome"}),
		probes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "apidoctor_probes_total",
			Help: "Probes sent, by outcome (ok or a cause code) and HTTP status (0: no answer).",
		}, []string{"outcome", "status"}),
		up: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "apidoctor_up",
			Help: "1 when the last probe succeeded, 0 when it failed.",
		}),
	}
	m.reg.MustRegister(m.duration, m.probes, m.up)
	return m
}

// Observe records one probe.
func (m *Metrics) Observe(p checks.ProbeResult) {
	m.probes.WithLabelValues(p.Outcome, strconv.Itoa(p.Status)).Inc()
	if p.OK() {
		m.up.Set(1)
	} else {
		m.up.Set(0)
	}
	for _, ph := range Phases {
		v := phaseValue(p.Timing, ph)
		if v > 0 || ph == "total" {
			m.duration.WithLabelValues(ph, p.Outcome).Observe(v / 1000)
		}
	}
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Serve listens on addr until ctx ends. It returns the address it bound
// (addr may end in :0) once listening, and the server's end on errc.
func (m *Metrics) Serve(ctx context.Context, addr string) (string, <-chan error, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() {
		err := srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		errc <- err
	}()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	return ln.Addr().String(), errc, nil
}
