export { ERROR_STATUS, type ErrorType } from './catalogue';
export { StoatError, fail, isStoatError, statusOf, type ErrorFields } from './error';
