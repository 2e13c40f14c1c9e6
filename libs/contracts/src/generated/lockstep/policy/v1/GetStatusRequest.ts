// Original file: lockstep/policy/v1/policy.proto


export interface GetStatusRequest {
}

export interface GetStatusRequest__Output {
}
