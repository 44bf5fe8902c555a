; ModuleID = 'vectors.c'
source_filename = "vectors.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local noundef <4 x i32> @vector_add(<4 x i32> noundef %0, <4 x i32> noundef %1) local_unnamed_addr #0 {
  %3 = mul <4 x i32> %1, %1
  %4 = add <4 x i32> %3, %0
  ret <4 x i32> %4
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local <2 x double> @vector_scale(<2 x double> noundef %0, double noundef %1) local_unnamed_addr #0 {
  %3 = insertelement <2 x double> poison, double %1, i64 0
  %4 = shufflevector <2 x double> %3, <2 x double> poison, <2 x i32> zeroinitializer
  %5 = fmul <2 x double> %4, %0
  ret <2 x double> %5
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local i32 @lane_sum(<4 x i32> noundef %0) local_unnamed_addr #0 {
  %2 = tail call i32 @llvm.vector.reduce.add.v4i32(<4 x i32> %0)
  ret i32 %2
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local noundef <4 x i32> @mask_less(<4 x i32> noundef %0, <4 x i32> noundef %1) local_unnamed_addr #0 {
  %3 = icmp slt <4 x i32> %0, %1
  %4 = select <4 x i1> %3, <4 x i32> %0, <4 x i32> zeroinitializer
  ret <4 x i32> %4
}

; Function Attrs: nofree norecurse nosync nounwind memory(argmem: read) uwtable
define dso_local i64 @sum_array(ptr nocapture noundef readonly %0, i32 noundef %1) local_unnamed_addr #1 {
  %3 = icmp sgt i32 %1, 0
  br i1 %3, label %4, label %30

4:                                                ; preds = %2
  %5 = zext nneg i32 %1 to i64
  %6 = icmp ult i32 %1, 4
  br i1 %6, label %7, label %10

7:                                                ; preds = %26, %4
  %8 = phi i64 [ 0, %4 ], [ %11, %26 ]
  %9 = phi i64 [ 0, %4 ], [ %28, %26 ]
  br label %32

10:                                               ; preds = %4
  %11 = and i64 %5, 2147483644
  br label %12

12:                                               ; preds = %12, %10
  %13 = phi i64 [ 0, %10 ], [ %24, %12 ]
  %14 = phi <2 x i64> [ zeroinitializer, %10 ], [ %22, %12 ]
  %15 = phi <2 x i64> [ zeroinitializer, %10 ], [ %23, %12 ]
  %16 = getelementptr inbounds i32, ptr %0, i64 %13
  %17 = getelementptr inbounds i8, ptr %16, i64 8
  %18 = load <2 x i32>, ptr %16, align 4, !tbaa !5
  %19 = load <2 x i32>, ptr %17, align 4, !tbaa !5
  %20 = sext <2 x i32> %18 to <2 x i64>
  %21 = sext <2 x i32> %19 to <2 x i64>
  %22 = add <2 x i64> %14, %20
  %23 = add <2 x i64> %15, %21
  %24 = add nuw i64 %13, 4
  %25 = icmp eq i64 %24, %11
  br i1 %25, label %26, label %12, !llvm.loop !9

26:                                               ; preds = %12
  %27 = add <2 x i64> %23, %22
  %28 = tail call i64 @llvm.vector.reduce.add.v2i64(<2 x i64> %27)
  %29 = icmp eq i64 %11, %5
  br i1 %29, label %30, label %7

30:                                               ; preds = %32, %26, %2
  %31 = phi i64 [ 0, %2 ], [ %28, %26 ], [ %38, %32 ]
  ret i64 %31

32:                                               ; preds = %7, %32
  %33 = phi i64 [ %39, %32 ], [ %8, %7 ]
  %34 = phi i64 [ %38, %32 ], [ %9, %7 ]
  %35 = getelementptr inbounds i32, ptr %0, i64 %33
  %36 = load i32, ptr %35, align 4, !tbaa !5
  %37 = sext i32 %36 to i64
  %38 = add nsw i64 %34, %37
  %39 = add nuw nsw i64 %33, 1
  %40 = icmp eq i64 %39, %5
  br i1 %40, label %30, label %32, !llvm.loop !13
}

; Function Attrs: nofree norecurse nosync nounwind memory(argmem: readwrite) uwtable
define dso_local void @add_arrays(ptr noalias nocapture noundef writeonly %0, ptr noalias nocapture noundef readonly %1, ptr noalias nocapture noundef readonly %2, i32 noundef %3) local_unnamed_addr #2 {
  %5 = icmp sgt i32 %3, 0
  br i1 %5, label %6, label %31

6:                                                ; preds = %4
  %7 = zext nneg i32 %3 to i64
  %8 = icmp ult i32 %3, 8
  br i1 %8, label %9, label %11

9:                                                ; preds = %29, %6
  %10 = phi i64 [ 0, %6 ], [ %12, %29 ]
  br label %32

11:                                               ; preds = %6
  %12 = and i64 %7, 2147483640
  br label %13

13:                                               ; preds = %13, %11
  %14 = phi i64 [ 0, %11 ], [ %27, %13 ]
  %15 = getelementptr inbounds float, ptr %1, i64 %14
  %16 = getelementptr inbounds i8, ptr %15, i64 16
  %17 = load <4 x float>, ptr %15, align 4, !tbaa !14
  %18 = load <4 x float>, ptr %16, align 4, !tbaa !14
  %19 = getelementptr inbounds float, ptr %2, i64 %14
  %20 = getelementptr inbounds i8, ptr %19, i64 16
  %21 = load <4 x float>, ptr %19, align 4, !tbaa !14
  %22 = load <4 x float>, ptr %20, align 4, !tbaa !14
  %23 = tail call <4 x float> @llvm.fmuladd.v4f32(<4 x float> %21, <4 x float> <float 2.000000e+00, float 2.000000e+00, float 2.000000e+00, float 2.000000e+00>, <4 x float> %17)
  %24 = tail call <4 x float> @llvm.fmuladd.v4f32(<4 x float> %22, <4 x float> <float 2.000000e+00, float 2.000000e+00, float 2.000000e+00, float 2.000000e+00>, <4 x float> %18)
  %25 = getelementptr inbounds float, ptr %0, i64 %14
  %26 = getelementptr inbounds i8, ptr %25, i64 16
  store <4 x float> %23, ptr %25, align 4, !tbaa !14
  store <4 x float> %24, ptr %26, align 4, !tbaa !14
  %27 = add nuw i64 %14, 8
  %28 = icmp eq i64 %27, %12
  br i1 %28, label %29, label %13, !llvm.loop !16

29:                                               ; preds = %13
  %30 = icmp eq i64 %12, %7
  br i1 %30, label %31, label %9

31:                                               ; preds = %32, %29, %4
  ret void

32:                                               ; preds = %9, %32
  %33 = phi i64 [ %40, %32 ], [ %10, %9 ]
  %34 = getelementptr inbounds float, ptr %1, i64 %33
  %35 = load float, ptr %34, align 4, !tbaa !14
  %36 = getelementptr inbounds float, ptr %2, i64 %33
  %37 = load float, ptr %36, align 4, !tbaa !14
  %38 = tail call float @llvm.fmuladd.f32(float %37, float 2.000000e+00, float %35)
  %39 = getelementptr inbounds float, ptr %0, i64 %33
  store float %38, ptr %39, align 4, !tbaa !14
  %40 = add nuw nsw i64 %33, 1
  %41 = icmp eq i64 %40, %7
  br i1 %41, label %31, label %32, !llvm.loop !17
}

; Function Attrs: mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.fmuladd.f32(float, float, float) #3

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: write) uwtable
define dso_local void @clear_pairs(ptr nocapture noundef writeonly %0) local_unnamed_addr #4 {
  tail call void @llvm.memset.p0.i64(ptr noundef nonnull align 8 dereferenceable(32) %0, i8 0, i64 32, i1 false)
  ret void
}

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #5

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i32 @llvm.vector.reduce.add.v4i32(<4 x i32>) #6

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.vector.reduce.add.v2i64(<2 x i64>) #6

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare <4 x float> @llvm.fmuladd.v4f32(<4 x float>, <4 x float>, <4 x float>) #6

attributes #0 = { mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable "min-legal-vector-width"="128" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nofree norecurse nosync nounwind memory(argmem: read) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #2 = { nofree norecurse nosync nounwind memory(argmem: readwrite) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #3 = { mustprogress nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #4 = { mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: write) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #5 = { nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #6 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }

!llvm.module.flags = !{!0, !1, !2, !3}
!llvm.ident = !{!4}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 8, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!3 = !{i32 7, !"uwtable", i32 2}
!4 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
!5 = !{!6, !6, i64 0}
!6 = !{!"int", !7, i64 0}
!7 = !{!"omnipotent char", !8, i64 0}
!8 = !{!"Simple C/C++ TBAA"}
!9 = distinct !{!9, !10, !11, !12}
!10 = !{!"llvm.loop.mustprogress"}
!11 = !{!"llvm.loop.isvectorized", i32 1}
!12 = !{!"llvm.loop.unroll.runtime.disable"}
!13 = distinct !{!13, !10, !12, !11}
!14 = !{!15, !15, i64 0}
!15 = !{!"float", !7, i64 0}
!16 = distinct !{!16, !10, !11, !12}
!17 = distinct !{!17, !10, !12, !11}
