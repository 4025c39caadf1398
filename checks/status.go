package checks

// Status is the state of one check.
type Status string

// The five row states. Skip means a prerequisite failed, so the check could
// not say anything; NA means it does not apply to this client or target.
const (
	Pass Status = "pass"
	Warn Status = "warn"
	Fail Status = "fail"
	Skip Status = "skip"
	NA   Status = "na"
)

// rank orders statuses from worst to best for sorting and summaries.
func (s Status) rank() int {
	switch s {
	case Fail:
		return 0
	case Warn:
		return 1
	case Skip:
		return 2
	case Pass:
		return 3
	default:
		return 4
	}
}

// Worse reports whether s is a worse outcome than o.
func (s Status) Worse(o Status) bool { return s.rank() < o.rank() }
