package localapi

// request is one forwarded command line.
type request struct {
	Args []string `json:"args"`
	Cwd  string   `json:"cwd"`
}

// response is the command's output and exit code.
type response struct {
	Stdout string `json:"stdout"`
	Stderr string `json:"stderr"`
	Code   int    `json:"code"`
}

// maxRequest bounds what a client may send: command lines are small.
const maxRequest = 1 << 20
