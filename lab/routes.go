package lab

import (
	"errors"

	"apidoctor/checks"
)

// Routes are the lab's own alternate routes to try beside api (the
// scenario's base URL): a Bedrock endpoint that answers and a Vertex one
// where nothing listens. The demo tests these rather than the public
// endpoints, which the lab does not serve.
func (l *Lab) Routes(api string) ([]checks.RouteEndpoint, error) {
	bedrock, err1 := l.Endpoint("bedrock-runtime.us-east-1.amazonaws.com", false)
	vertex, err2 := l.Endpoint("us-east5-aiplatform.googleapis.com", true)
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	return []checks.RouteEndpoint{
		{Name: "Claude API", Kind: "api", URL: api},
		{Name: "Amazon Bedrock us-east-1", Kind: "bedrock", Region: "us-east-1", URL: bedrock, Use: "CLAUDE_CODE_USE_BEDROCK=1 AWS_REGION=us-east-1"},
		{Name: "Google Vertex AI us-east5", Kind: "vertex", Region: "us-east5", URL: vertex, Use: "CLAUDE_CODE_USE_VERTEX=1 CLOUD_ML_REGION=us-east5"},
	}, nil
}
