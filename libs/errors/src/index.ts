export { ERROR_CODES, type ErrorCode } from './error-codes';
export { OrderflowError, isOrderflowError, type OrderflowErrorOptions } from './orderflow-error';
