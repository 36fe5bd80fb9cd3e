export { AppHeader } from './app-header.js';
export { Button, type ButtonProps } from './button.js';
export { Card, type CardProps } from './card.js';
export { EmptyState, type EmptyStateProps } from './empty-state.js';
export { ErrorState, type ErrorStateProps } from './error-state.js';
export { Modal, type ModalProps } from './modal.js';
export { Spinner, type SpinnerProps } from './spinner.js';
export { TextField, type TextFieldProps } from './text-field.js';
export { ToastProvider, useToast, type ToastApi, type ToastTone } from './toast.js';
