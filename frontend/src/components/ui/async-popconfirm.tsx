import { Popconfirm, type PopconfirmProps } from 'antd';

type Props = Omit<PopconfirmProps, 'onConfirm'> & {
  /** The action; report its failure inside (e.g. `.then(onDone, onFailed)`): do not reject. */
  onConfirm: () => Promise<unknown>;
};

/**
 * A Popconfirm for an async action: while `onConfirm`'s promise is pending the OK button spins
 * and the popover stays open; it closes once the promise settles. antd does this for any promise
 * that `onConfirm` returns, but types `onConfirm` as returning void.
 */
export function AsyncPopconfirm({ onConfirm, ...props }: Props) {
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits the promise (see above)
  return <Popconfirm {...props} onConfirm={onConfirm} />;
}
